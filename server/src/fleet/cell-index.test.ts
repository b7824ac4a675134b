import { describe, expect, it } from 'vitest';
import { latLngToCell } from 'h3-js';
import { haversineMeters } from '@dispatch/shared';
import { CellIndex } from './cell-index';

function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomFleet(
  n: number,
  seed: number,
  center: { lat: number; lng: number },
  spreadDeg: number,
) {
  const rnd = seededRandom(seed);
  const positions = new Map<number, { lat: number; lng: number }>();
  for (let id = 1; id <= n; id++) {
    positions.set(id, {
      lat: center.lat + (rnd() - 0.5) * spreadDeg,
      lng: center.lng + (rnd() - 0.5) * spreadDeg,
    });
  }
  const index = new CellIndex(9, (id) => positions.get(id));
  for (const [id, p] of positions) index.set(id, latLngToCell(p.lat, p.lng, 9));
  return { positions, index, rnd };
}

function bruteForce(
  positions: Map<number, { lat: number; lng: number }>,
  lat: number,
  lng: number,
  count: number,
) {
  return [...positions]
    .map(([id, p]) => ({ id, distanceMeters: haversineMeters(lat, lng, p.lat, p.lng) }))
    .sort((a, b) => a.distanceMeters - b.distanceMeters)
    .slice(0, count);
}

describe('CellIndex.nearest', () => {
  it('agrees with a brute-force scan on random fleets', () => {
    for (const [seed, center] of [
      [1, { lat: 52.52, lng: 13.4 }],
      [2, { lat: -20.46, lng: -54.6 }],
      [3, { lat: 64.1, lng: -21.9 }],
    ] as const) {
      const { positions, index, rnd } = randomFleet(600, seed, center, 0.2);
      for (let q = 0; q < 50; q++) {
        const lat = center.lat + (rnd() - 0.5) * 0.25;
        const lng = center.lng + (rnd() - 0.5) * 0.25;
        const count = 1 + Math.floor(rnd() * 8);
        const got = index.nearest(lat, lng, count).map((h) => h.id);
        const want = bruteForce(positions, lat, lng, count).map((h) => h.id);
        expect(got).toEqual(want);
      }
    }
  });

  it('respects a distance limit and a filter', () => {
    const { positions, index } = randomFleet(300, 7, { lat: 48.85, lng: 2.35 }, 0.1);
    const hits = index.nearest(48.85, 2.35, 50, { maxMeters: 1500, accept: (id) => id % 2 === 0 });
    const want = bruteForce(positions, 48.85, 2.35, 300)
      .filter((h) => h.distanceMeters <= 1500 && h.id % 2 === 0)
      .slice(0, 50)
      .map((h) => h.id);
    expect(hits.map((h) => h.id)).toEqual(want);
  });

  it('moves an id between cells and forgets deleted ids', () => {
    const positions = new Map([[1, { lat: 10, lng: 10 }]]);
    const index = new CellIndex(9, (id) => positions.get(id));
    index.set(1, latLngToCell(10, 10, 9));
    positions.set(1, { lat: 10.01, lng: 10 });
    const moved = latLngToCell(10.01, 10, 9);
    index.set(1, moved);
    expect(index.idsInCell(latLngToCell(10, 10, 9)).size).toBe(0);
    expect([...index.idsInCell(moved)]).toEqual([1]);
    index.delete(1);
    expect(index.size).toBe(0);
    expect(index.nearest(10, 10, 1)).toEqual([]);
  });

  it('returns nothing for an empty index or a zero count', () => {
    const index = new CellIndex(9, () => undefined);
    expect(index.nearest(0, 0, 3)).toEqual([]);
  });
});
