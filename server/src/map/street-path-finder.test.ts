import { existsSync } from 'node:fs';
import path from 'node:path';
import { haversineMeters } from '@dispatch/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../lib/rng';
import { buildContractionHierarchy } from '../streets/contraction';
import type { CsrStreetNetwork } from '../streets/csr-network';
import { gridNetwork } from '../streets/grid';
import { loadOsmNetwork } from '../streets/osm';
import { streetPathFinder, type MapPoint } from './street-path-finder';

const CAMPO_GRANDE = path.resolve(process.cwd(), '../shared/data/osm/campo-grande.osm.gz');
const hasData = existsSync(CAMPO_GRANDE);
const SKIPPED = hasData ? '' : ' (skipped: ../shared/data/osm/campo-grande.osm.gz is absent)';
const CENTER = { lat: -20.4697, lng: -54.6201 };

function lineMeters(line: [number, number][]): number {
  let total = 0;
  for (let i = 1; i < line.length; i++) {
    const [lng1, lat1] = line[i - 1]!;
    const [lng2, lat2] = line[i]!;
    total += haversineMeters(lat1, lng1, lat2, lng2);
  }
  return total;
}

/** Each unordered pair of adjacent node positions of the network. */
function segmentKeys(network: CsrStreetNetwork): Set<string> {
  const keys = new Set<string>();
  for (let v = 0; v < network.nodeCount; v++) {
    const a = network.node(v);
    for (const e of network.edges(v)) {
      const b = network.node(e.to);
      keys.add([`${a.lng},${a.lat}`, `${b.lng},${b.lat}`].sort().join('|'));
    }
  }
  return keys;
}

/** Whether every segment of the line between its first and last point is a street segment. */
function followsStreets(line: [number, number][], streets: Set<string>): boolean {
  for (let i = 2; i < line.length - 1; i++) {
    const key = [line[i - 1]!.join(','), line[i]!.join(',')].sort().join('|');
    if (!streets.has(key)) return false;
  }
  return true;
}

describe('streetPathFinder on a grid', () => {
  // 200 m blocks, no avenues: the fastest path is as long as the Manhattan distance.
  const grid = gridNetwork({
    centerLat: CENTER.lat,
    centerLng: CENTER.lng,
    radiusMeters: 1000,
    avenueEveryBlocks: 0,
  });
  const streets = segmentKeys(grid);
  const nodeAt = (i: number): MapPoint => grid.node(i);

  it('starts at the origin, ends at the destination and runs along the streets between', () => {
    const find = streetPathFinder(grid, null);
    const from = { lat: nodeAt(0).lat + 0.0001, lng: nodeAt(0).lng };
    const to = nodeAt(grid.nodeCount - 1);
    const line = find(from, to)!;
    expect(line[0]).toEqual([from.lng, from.lat]);
    expect(line.at(-1)).toEqual([to.lng, to.lat]);
    expect(line.length).toBeGreaterThan(10);
    expect(followsStreets(line, streets)).toBe(true);
  });

  it('is a Manhattan path, not the diagonal, and the hierarchy finds one as long as A*', () => {
    const hierarchy = buildContractionHierarchy(grid);
    const byAStar = streetPathFinder(grid, null);
    const byHierarchy = streetPathFinder(grid, hierarchy);
    const rng = createRng(3);
    for (let i = 0; i < 30; i++) {
      const a = nodeAt(grid.randomNode(rng));
      const b = nodeAt(grid.randomNode(rng));
      const manhattan =
        haversineMeters(a.lat, a.lng, b.lat, a.lng) + haversineMeters(b.lat, a.lng, b.lat, b.lng);
      const viaHierarchy = byHierarchy(a, b)!;
      expect(lineMeters(viaHierarchy)).toBeCloseTo(manhattan, -1);
      expect(lineMeters(byAStar(a, b)!)).toBeCloseTo(lineMeters(viaHierarchy), 3);
      expect(followsStreets(viaHierarchy, streets)).toBe(true);
    }
  });

  it('has no path for a point far from every street', () => {
    const find = streetPathFinder(grid, null, { maxSnapMeters: 500 });
    expect(find({ lat: CENTER.lat + 0.1, lng: CENTER.lng }, nodeAt(0))).toBeNull();
  });

  it('refuses a hierarchy of another network', () => {
    const other = gridNetwork({ centerLat: 0, centerLng: 0, radiusMeters: 400 });
    expect(() => streetPathFinder(grid, buildContractionHierarchy(other))).toThrow(RangeError);
  });
});

describe.skipIf(!hasData)(`streetPathFinder on the Campo Grande extract${SKIPPED}`, () => {
  let network: CsrStreetNetwork;
  beforeAll(async () => {
    network = await loadOsmNetwork(CAMPO_GRANDE);
  }, 30_000);

  it('follows the streets between points near random streets, never shorter than the crow flies', () => {
    const find = streetPathFinder(network, buildContractionHierarchy(network));
    const streets = segmentKeys(network);
    const rng = createRng(9);
    // A point up to ~50 m off a random street node, as a stop or a courier would be.
    const nearStreet = (): MapPoint => {
      const node = network.node(network.randomNode(rng));
      return { lat: node.lat + rng.range(-4e-4, 4e-4), lng: node.lng + rng.range(-4e-4, 4e-4) };
    };
    for (let i = 0; i < 25; i++) {
      const from = nearStreet();
      const to = nearStreet();
      const line = find(from, to)!;
      expect(line[0]).toEqual([from.lng, from.lat]);
      expect(line.at(-1)).toEqual([to.lng, to.lat]);
      expect(followsStreets(line, streets)).toBe(true);
      expect(lineMeters(line)).toBeGreaterThanOrEqual(
        haversineMeters(from.lat, from.lng, to.lat, to.lng) - 1,
      );
    }
  });
});
