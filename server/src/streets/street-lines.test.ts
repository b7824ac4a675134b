import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { StreetGraphBuilder } from './graph-builder';
import type { CsrStreetNetwork } from './csr-network';
import { gridNetwork } from './grid';
import type { StreetGeoJSON } from './network';
import { loadOsmNetwork, parseOsmNetwork } from './osm';
import { scanOsmXml } from './osm-xml';

const CAMPO_GRANDE = path.resolve(process.cwd(), '../shared/data/osm/campo-grande.osm.gz');
const hasData = existsSync(CAMPO_GRANDE);

/** Each drawn segment as an unordered pair of positions, with how often it is drawn. */
function drawnSegments(geo: StreetGeoJSON): Map<string, number> {
  const count = new Map<string, number>();
  for (const f of geo.features) {
    const c = f.geometry.coordinates;
    for (let i = 1; i < c.length; i++) {
      const key = [c[i - 1]!.join(','), c[i]!.join(',')].sort().join('|');
      count.set(key, (count.get(key) ?? 0) + 1);
    }
  }
  return count;
}

/** Each edge of the network as the same kind of key. */
function networkSegments(net: CsrStreetNetwork): Set<string> {
  const keys = new Set<string>();
  for (let v = 0; v < net.nodeCount; v++) {
    const a = net.node(v);
    for (const e of net.edges(v)) {
      const b = net.node(e.to);
      keys.add([`${a.lng},${a.lat}`, `${b.lng},${b.lat}`].sort().join('|'));
    }
  }
  return keys;
}

describe('street lines', () => {
  it('draws every edge of a grid exactly once', () => {
    const net = gridNetwork({ centerLat: -20.46, centerLng: -54.6, radiusMeters: 1000 });
    const drawn = drawnSegments(net.toGeoJSON());
    expect(new Set(drawn.keys())).toEqual(networkSegments(net));
    expect([...drawn.values()].every((n) => n === 1)).toBe(true);
  });

  it('keeps a named street going through crossings and splits it at a sharp corner', () => {
    // A straight "Rua A" 1-2-3 crossed at 2 by an unnamed street 4-2-5, then a right-angle
    // turn 3-6 that is still "Rua A".
    const b = new StreetGraphBuilder();
    const n1 = b.addNode(1, 0, 0);
    const n2 = b.addNode(2, 0, 0.001);
    const n3 = b.addNode(3, 0, 0.002);
    const n4 = b.addNode(4, 0.001, 0.001);
    const n5 = b.addNode(5, -0.001, 0.001);
    const n6 = b.addNode(6, 0.001, 0.002);
    b.addEdge(n1, n2, 'residential', 'Rua A');
    b.addEdge(n2, n3, 'residential', 'Rua A');
    b.addEdge(n4, n2, 'residential');
    b.addEdge(n2, n5, 'residential');
    b.addEdge(n3, n6, 'residential', 'Rua A');
    const geo = b.build().toGeoJSON();
    const named = geo.features.filter((f) => f.properties.name === 'Rua A');
    expect(named.map((f) => f.geometry.coordinates.length).sort()).toEqual([2, 3]);
    const unnamed = geo.features.filter((f) => f.properties.name === undefined);
    expect(unnamed).toHaveLength(1);
    expect(unnamed[0]!.geometry.coordinates).toHaveLength(3);
  });

  it('does not join two streets of different classes', () => {
    const b = new StreetGraphBuilder();
    const n1 = b.addNode(1, 0, 0);
    const n2 = b.addNode(2, 0, 0.001);
    const n3 = b.addNode(3, 0, 0.002);
    b.addEdge(n1, n2, 'primary', 'Avenida B');
    b.addEdge(n2, n3, 'residential', 'Avenida B');
    const classes = b
      .build()
      .toGeoJSON()
      .features.map((f) => f.properties.roadClass);
    expect(classes.sort()).toEqual(['primary', 'residential']);
  });

  it('names OSM streets by their name, else their ref', () => {
    const net = parseOsmNetwork(`<osm>
      <node id="1" lat="0" lon="0"/><node id="2" lat="0" lon="0.001"/>
      <node id="3" lat="0" lon="0.002"/><node id="4" lat="0.001" lon="0.002"/>
      <way id="10"><nd ref="1"/><nd ref="2"/><tag k="highway" v="primary"/>
        <tag k="name" v="Avenida Afonso Pena"/></way>
      <way id="11"><nd ref="2"/><nd ref="3"/><tag k="highway" v="trunk"/><tag k="ref" v="BR-163"/></way>
      <way id="12"><nd ref="3"/><nd ref="4"/><tag k="highway" v="service"/></way>
    </osm>`);
    const names = net
      .toGeoJSON()
      .features.map((f) => `${f.properties.roadClass}:${f.properties.name ?? ''}`);
    expect(names.sort()).toEqual(['primary:Avenida Afonso Pena', 'service:', 'trunk:BR-163']);
  });

  it.skipIf(!hasData)(
    `draws every edge of the Campo Grande extract once, with its streets' names${hasData ? '' : ' (skipped: no ../shared/data/osm/campo-grande.osm.gz)'}`,
    async () => {
      const net = await loadOsmNetwork(CAMPO_GRANDE);
      const geo = net.toGeoJSON();
      const drawn = drawnSegments(geo);
      expect(new Set(drawn.keys())).toEqual(networkSegments(net));
      expect(geo.features.length).toBeLessThan(net.edgeCount / 3);
      const xml = gunzipSync(readFileSync(CAMPO_GRANDE)).toString('utf8');
      const wayNames = new Set(
        scanOsmXml(xml, (tags) => tags.has('highway') && tags.has('name')).ways.map((w) =>
          w.tags.get('name')!,
        ),
      );
      const drawnNames = new Set(geo.features.map((f) => f.properties.name));
      const kept = [...wayNames].filter((name) => drawnNames.has(name));
      // Names of footways and of ways cut off from the main network are not drawn.
      expect(kept.length / wayNames.size).toBeGreaterThan(0.8);
    },
    30_000,
  );
});
