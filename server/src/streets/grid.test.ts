import { haversineMeters } from '@dispatch/shared';
import { describe, expect, it } from 'vitest';
import { createRng } from '../lib/rng';
import { gridNetwork } from './grid';
import type { LatLngPair } from './network';

const CENTER = { centerLat: -20.46, centerLng: -54.6 };

function pathLengthMeters(points: LatLngPair[]): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    const [lat1, lng1] = points[i - 1]!;
    const [lat2, lng2] = points[i]!;
    total += haversineMeters(lat1, lng1, lat2, lng2);
  }
  return total;
}

describe('gridNetwork', () => {
  it('has (2k+1)^2 nodes and 2(2k+1)2k edges for k blocks each side of the centre', () => {
    const net = gridNetwork({ ...CENTER, radiusMeters: 1000, blockMeters: 200 });
    expect(net.nodeCount).toBe(11 * 11);
    expect(net.edgeCount).toBe(2 * 11 * 10);
  });

  it('places a node at the centre and spaces neighbours one block apart', () => {
    const net = gridNetwork({ ...CENTER, radiusMeters: 1000, blockMeters: 200 });
    const centre = net.nearestNode(CENTER.centerLat, CENTER.centerLng);
    const node = net.node(centre);
    expect(haversineMeters(node.lat, node.lng, CENTER.centerLat, CENTER.centerLng)).toBeLessThan(1);
    for (const edge of net.edges(centre)) expect(edge.lengthMeters).toBeCloseTo(200, 0);
  });

  it('routes exactly the Manhattan distance on a grid without avenues', () => {
    const net = gridNetwork({ ...CENTER, radiusMeters: 2000, avenueEveryBlocks: 0 });
    const rng = createRng(7);
    for (let i = 0; i < 50; i++) {
      const a = net.randomNode(rng);
      const b = net.randomNode(rng);
      const na = net.node(a);
      const nb = net.node(b);
      const manhattan =
        haversineMeters(na.lat, na.lng, nb.lat, na.lng) +
        haversineMeters(nb.lat, na.lng, nb.lat, nb.lng);
      const route = net.route(a, b);
      expect(route).not.toBeNull();
      expect(route!.lengthMeters).toBeCloseTo(manhattan, -1);
    }
  });

  it('prefers avenues but stays close to Manhattan distance', () => {
    const net = gridNetwork({ ...CENTER });
    const rng = createRng(11);
    for (let i = 0; i < 200; i++) {
      const a = net.randomNode(rng);
      const b = net.randomNode(rng);
      const na = net.node(a);
      const nb = net.node(b);
      const manhattan =
        haversineMeters(na.lat, na.lng, nb.lat, na.lng) +
        haversineMeters(nb.lat, na.lng, nb.lat, nb.lng);
      const points = net.shortestPath(a, b);
      expect(points[0]).toEqual([na.lat, na.lng]);
      expect(points.at(-1)).toEqual([nb.lat, nb.lng]);
      const length = pathLengthMeters(points);
      expect(length).toBeGreaterThanOrEqual(manhattan * 0.999);
      expect(length).toBeLessThanOrEqual(manhattan + 2 * 5 * 200 + 1);
    }
  });

  it('finds the nearest node to an off-grid point', () => {
    const net = gridNetwork({ ...CENTER, radiusMeters: 1000, blockMeters: 200 });
    const index = net.nearestNode(CENTER.centerLat + 0.0004, CENTER.centerLng + 0.0004);
    const node = net.node(index);
    expect(haversineMeters(node.lat, node.lng, CENTER.centerLat, CENTER.centerLng)).toBeLessThan(1);
    const far = net.nearestNode(CENTER.centerLat + 1, CENTER.centerLng);
    expect(net.node(far).lat).toBeCloseTo(net.bbox.north, 6);
  });

  it('exports each street as one GeoJSON LineString across the grid, without names', () => {
    const net = gridNetwork({ ...CENTER, radiusMeters: 600, blockMeters: 200 });
    const geo = net.toGeoJSON();
    // 7 east-west and 7 north-south streets, each 6 blocks long.
    expect(geo.features).toHaveLength(14);
    for (const f of geo.features) expect(f.geometry.coordinates).toHaveLength(7);
    expect(new Set(geo.features.map((f) => f.properties.roadClass))).toEqual(
      new Set(['primary', 'residential']),
    );
    expect(geo.features.some((f) => f.properties.name !== undefined)).toBe(false);
  });
});
