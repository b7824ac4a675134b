import { describe, expect, test } from 'vitest';
import { HOLD_RADIUS_PX, dropTargetAt, pointOnMap, type CourierFinder } from './drop-target';

/** Markers of couriers 1 (the stop's own), 2 and 3, picked within 10 px. */
const MARKERS: Record<number, { x: number; y: number }> = {
  1: { x: 100, y: 100 },
  2: { x: 300, y: 100 },
  3: { x: 330, y: 100 },
};
const finder: CourierFinder = {
  courierAt: (p) => {
    let best: number | null = null;
    let bestDistance = 10;
    for (const [id, at] of Object.entries(MARKERS)) {
      const distance = Math.hypot(at.x - p.x, at.y - p.y);
      if (distance <= bestDistance) [best, bestDistance] = [Number(id), distance];
    }
    return best;
  },
  markerAt: (id) => MARKERS[id] ?? null,
};

describe('dropTargetAt', () => {
  test('is the courier whose marker is under the pointer', () => {
    expect(dropTargetAt({ x: 303, y: 98 }, finder, 1, null)).toEqual({ courierId: 2, own: false });
  });

  test('marks the stop’s own courier, where a drop moves nothing', () => {
    expect(dropTargetAt({ x: 100, y: 100 }, finder, 1, null)).toEqual({ courierId: 1, own: true });
  });

  test('is nothing over empty map or off the map', () => {
    expect(dropTargetAt({ x: 200, y: 200 }, finder, 1, null)).toBeNull();
    expect(dropTargetAt(null, finder, 1, { courierId: 2, own: false })).toBeNull();
  });

  test('keeps the courier it was over while its marker glides a little away', () => {
    const held = { courierId: 2, own: false };
    expect(dropTargetAt({ x: 300, y: 100 + HOLD_RADIUS_PX - 1 }, finder, 1, held)).toBe(held);
    expect(dropTargetAt({ x: 300, y: 100 + HOLD_RADIUS_PX + 1 }, finder, 1, held)).toBeNull();
  });

  test('a marker under the pointer wins over the one held', () => {
    const held = { courierId: 2, own: false };
    expect(dropTargetAt({ x: 328, y: 100 }, finder, 1, held)).toEqual({ courierId: 3, own: false });
  });
});

describe('pointOnMap', () => {
  const box = { left: 350, top: 60, width: 800, height: 600 };

  test('is the pointer relative to the map’s corner', () => {
    expect(pointOnMap({ x: 400, y: 100 }, box, false)).toEqual({ x: 50, y: 40 });
  });

  test('is nothing outside the map or over a panel drawn on it', () => {
    expect(pointOnMap({ x: 340, y: 100 }, box, false)).toBeNull();
    expect(pointOnMap({ x: 400, y: 700 }, box, false)).toBeNull();
    expect(pointOnMap({ x: 400, y: 100 }, box, true)).toBeNull();
  });
});
