import { describe, expect, it } from 'vitest';
import { haversineMeters } from '@dispatch/shared';
import {
  idleMinutes,
  kmDriven,
  spansWithin,
  stillSpans,
  stopCounts,
  type CourierStop,
  type DayFix,
} from './courier-day';

const MIN = 60_000;
const T0 = Date.parse('2025-05-02T12:00:00Z');
const at = (minutes: number, lat: number, lng: number, acc: number | null = 5): DayFix => ({
  t: T0 + minutes * MIN,
  lat,
  lng,
  accuracyMeters: acc,
});

/** A drive north, one fix a minute, about 1 km apart. */
const drive = Array.from({ length: 11 }, (_, i) => at(i, -20.47 + i * 0.009, -54.62));
const straightKm = (fixes: DayFix[]) =>
  fixes
    .slice(1)
    .reduce((m, f, i) => m + haversineMeters(fixes[i]!.lat, fixes[i]!.lng, f.lat, f.lng), 0) / 1000;

describe('kilometres driven from the stored fixes', () => {
  it('sums the straight lines between consecutive fixes', () => {
    expect(kmDriven(drive)).toBeCloseTo(straightKm(drive), 9);
    expect(kmDriven(drive)).toBeGreaterThan(9.9);
    expect(kmDriven([...drive].reverse())).toBeCloseTo(straightKm(drive), 9);
  });

  it('leaves out a jump faster than 200 km/h and fixes worse than 100 m', () => {
    const withJump = [...drive, at(4.5, -19.0, -54.62), at(5.5, -21.5, -54.62, 500)];
    expect(kmDriven(withJump)).toBeCloseTo(straightKm(drive), 9);
  });

  it('goes on from two fixes that agree when the track before them was the jump', () => {
    const first = at(0, -10, -54.62); // a wrong first fix far away
    expect(kmDriven([first, ...drive.slice(1)])).toBeCloseTo(straightKm(drive.slice(1)), 9);
  });

  it('is nothing without two fixes', () => {
    expect(kmDriven([])).toBe(0);
    expect(kmDriven([drive[0]!])).toBe(0);
  });
});

/** Fixes every 30 s standing at one place from `from` to `to` minutes, with a few metres of jitter. */
const standing = (from: number, to: number, lat: number, lng: number) =>
  Array.from({ length: (to - from) * 2 + 1 }, (_, i) =>
    at(from + i / 2, lat + ((i % 3) - 1) * 0.00003, lng),
  );
const moving = (from: number, to: number, lat: number, lng: number) =>
  Array.from({ length: (to - from) * 2 }, (_, i) =>
    at(from + (i + 1) / 2, lat + (i + 1) * 0.001, lng),
  );

describe('idle minutes', () => {
  const p0 = { lat: -20.47, lng: -54.62 };
  const p1 = { lat: p0.lat + 0.02, lng: p0.lng };
  const fixes = [
    ...standing(0, 10, p0.lat, p0.lng),
    ...moving(10, 20, p0.lat, p0.lng),
    ...standing(20, 45, p1.lat, p1.lng),
  ];

  it('finds the spans standing still for two minutes or more', () => {
    expect(stillSpans(fixes)).toEqual([
      { start: T0, end: T0 + 10 * MIN },
      { start: T0 + 20 * MIN, end: T0 + 45 * MIN },
    ]);
  });

  it('counts standing still on shift with stops left, not time at a stop', () => {
    const stops: CourierStop[] = [
      {
        status: 'delivered',
        windowEnd: T0 + 60 * MIN,
        arrivedAt: T0 + 20 * MIN,
        completedAt: T0 + 30 * MIN,
      },
      {
        status: 'failed',
        windowEnd: T0 + 60 * MIN,
        arrivedAt: T0 + 40 * MIN,
        completedAt: T0 + 40 * MIN,
      },
    ];
    // 2–10 on shift (8 min), 30–40 after the first delivery with the second still to do (10 min).
    const shift = { start: T0 + 2 * MIN, end: T0 + 8 * 60 * MIN };
    expect(idleMinutes({ fixes, shift, stops })).toBeCloseTo(18, 9);
    // With the second stop still open, standing there until the last fix counts too.
    const open: CourierStop[] = [
      stops[0]!,
      { ...stops[1]!, status: 'assigned', arrivedAt: null, completedAt: null },
    ];
    expect(idleMinutes({ fixes, shift, stops: open })).toBeCloseTo(8 + 15, 9);
  });

  it('is nothing without stops, or off shift', () => {
    const shift = { start: T0, end: T0 + 8 * 60 * MIN };
    expect(idleMinutes({ fixes, shift, stops: [] })).toBe(0);
    const open: CourierStop[] = [
      { status: 'assigned', windowEnd: 0, arrivedAt: null, completedAt: null },
    ];
    expect(
      idleMinutes({ fixes, shift: { start: T0 + 50 * MIN, end: T0 + 90 * MIN }, stops: open }),
    ).toBe(0);
  });

  it('cuts spans to a window and takes pieces out', () => {
    expect(
      spansWithin([{ start: 0, end: 100 }], { start: 10, end: 90 }, [
        { start: 20, end: 30 },
        { start: 85, end: 200 },
      ]),
    ).toEqual([
      { start: 10, end: 20 },
      { start: 30, end: 85 },
    ]);
  });
});

describe('stop counts', () => {
  const s = (id: number, status: CourierStop['status'], completedAt: number | null) => ({
    id,
    status,
    windowEnd: 100,
    arrivedAt: null,
    completedAt,
  });

  it('counts done, failed attempts and on time within the window', () => {
    expect(
      stopCounts(
        [s(1, 'delivered', 90), s(2, 'delivered', 110), s(3, 'failed', 50), s(4, 'assigned', null)],
        [3],
      ),
    ).toEqual({
      stops: 4,
      done: 3,
      delivered: 2,
      failed: 1,
      onTime: 1,
      onTimeShare: 0.5,
    });
    expect(stopCounts([], []).onTimeShare).toBeNull();
  });

  it('counts a failure from the attempts made, whatever the stop became since', () => {
    // Stop 5 failed twice here and went on another route; stop 6 waits to go back to the hub.
    const counts = stopCounts([s(1, 'delivered', 90), s(6, 'returning', 60)], [5, 5, 6]);
    expect(counts).toMatchObject({ stops: 3, done: 4, delivered: 1, failed: 3 });
  });

  it('counts no failure for a failed stop whose attempt was made by someone else', () => {
    expect(stopCounts([s(7, 'failed', 50)], [])).toMatchObject({ stops: 1, done: 0, failed: 0 });
  });
});
