import { describe, expect, it } from 'vitest';
import { fixIndexAt, positionAt, trailAt } from './interpolate';

const T0 = Date.UTC(2025, 0, 15, 9);
const fixes = [
  { t: T0, lat: 0, lng: 0 },
  { t: T0 + 10_000, lat: 1, lng: 2 },
  { t: T0 + 20_000, lat: 2, lng: 2 },
  // a ten-minute gap (the phone was silent)
  { t: T0 + 620_000, lat: 5, lng: 5 },
];
const GAP = 60_000;

describe('fixIndexAt', () => {
  it('finds the last fix at or before a moment', () => {
    expect(fixIndexAt(fixes, T0 - 1)).toBe(-1);
    expect(fixIndexAt(fixes, T0)).toBe(0);
    expect(fixIndexAt(fixes, T0 + 15_000)).toBe(1);
    expect(fixIndexAt(fixes, T0 + 10_000_000)).toBe(3);
    expect(fixIndexAt([], T0)).toBe(-1);
  });
});

describe('positionAt', () => {
  it('interpolates between fixes', () => {
    expect(positionAt(fixes, T0 + 5_000, GAP)).toEqual({ lat: 0.5, lng: 1, ageMs: 5_000 });
    expect(positionAt(fixes, T0 + 10_000, GAP)).toEqual({ lat: 1, lng: 2, ageMs: 0 });
  });

  it('holds the last fix across a gap for a while, then shows nothing', () => {
    expect(positionAt(fixes, T0 + 50_000, GAP)).toEqual({ lat: 2, lng: 2, ageMs: 30_000 });
    expect(positionAt(fixes, T0 + 200_000, GAP)).toBeNull();
    expect(positionAt(fixes, T0 - 1, GAP)).toBeNull();
  });
});

describe('trailAt', () => {
  it('runs from the fixes of the last minutes to where the courier is now', () => {
    expect(trailAt(fixes, T0 + 15_000, 12_000, GAP)).toEqual([
      [2, 1],
      [2, 1.5],
    ]);
    expect(trailAt(fixes, T0 + 20_000, 60_000, GAP)).toEqual([
      [0, 0],
      [2, 1],
      [2, 2],
    ]);
    expect(trailAt(fixes, T0 - 5, 60_000, GAP)).toEqual([]);
  });
});
