import { existsSync } from 'node:fs';
import path from 'node:path';
import { haversineMeters } from '@dispatch/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../lib/rng';
import type { StreetNetwork } from './network';
import { loadOsmNetwork, parseOsmNetwork } from './osm';

// Reference data lives beside the repo in ../shared/data (never committed); vitest runs from the
// repo root. Where that folder is absent the test that needs it is skipped.
const CAMPO_GRANDE = path.resolve(process.cwd(), '../shared/data/osm/campo-grande.osm.gz');
const hasData = existsSync(CAMPO_GRANDE);

const TINY_OSM = `<?xml version='1.0' encoding='UTF-8'?>
<osm version="0.6">
  <node id="1" lat="0" lon="0"/>
  <node id="2" lat="0" lon="0.001"/>
  <node id="3" lat="0.001" lon="0.001">
    <tag k="highway" v="traffic_signals"/>
  </node>
  <node id="4" lat="0.002" lon="0.002"/>
  <node id="5" lat="0.003" lon="0.003"/>
  <way id="10"><nd ref="1"/><nd ref="2"/><nd ref="3"/><tag k="highway" v="residential"/></way>
  <way id="11"><nd ref="4"/><nd ref="5"/><tag k="highway" v="footway"/></way>
  <way id="12"><nd ref="3"/><nd ref="99"/><tag k="highway" v="primary_link"/></way>
  <relation id="20"><member type="way" ref="10" role=""/><tag k="highway" v="primary"/></relation>
</osm>`;

describe('parseOsmNetwork', () => {
  it('keeps drivable ways, drops footways and references to missing nodes', () => {
    const net = parseOsmNetwork(TINY_OSM);
    expect(net.nodeCount).toBe(3);
    expect(net.edgeCount).toBe(2);
    expect(net.shortestPath(0, 2)).toEqual([
      [0, 0],
      [0, 0.001],
      [0.001, 0.001],
    ]);
  });
});

describe('loadOsmNetwork (Campo Grande extract)', () => {
  let net: StreetNetwork;
  beforeAll(async () => {
    if (hasData) net = await loadOsmNetwork(CAMPO_GRANDE);
  });

  it.skipIf(!hasData)('loads a city-sized connected street graph', () => {
    expect(net.nodeCount).toBeGreaterThan(10_000);
    expect(net.nodeCount).toBeLessThan(24_000);
    expect(net.edgeCount).toBeGreaterThan(net.nodeCount);
    expect(net.edgeCount).toBeLessThan(2 * net.nodeCount);
    expect(net.bbox.south).toBeGreaterThanOrEqual(-20.6);
    expect(net.bbox.north).toBeLessThanOrEqual(-20.4);
    expect(net.bbox.west).toBeGreaterThanOrEqual(-54.6);
    expect(net.bbox.east).toBeLessThanOrEqual(-54.5);
  });

  it.skipIf(!hasData)(
    'routes between random nodes along connected edges, never shorter than the crow flies',
    () => {
      const rng = createRng(3);
      for (let i = 0; i < 100; i++) {
        const a = net.randomNode(rng);
        const b = net.randomNode(rng);
        const route = net.route(a, b);
        expect(route).not.toBeNull();
        const { points, lengthMeters } = route!;
        for (let k = 1; k < points.length; k++) {
          const from = net.nearestNode(...points[k - 1]!);
          const to = net.nearestNode(...points[k]!);
          expect(net.edges(from).some((e) => e.to === to)).toBe(true);
        }
        const na = net.node(a);
        const nb = net.node(b);
        expect(lengthMeters).toBeGreaterThanOrEqual(
          haversineMeters(na.lat, na.lng, nb.lat, nb.lng) - 0.01,
        );
      }
    },
  );
});
