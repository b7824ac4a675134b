import { H3_RES } from '@dispatch/shared';
import { cellToLatLng, gridDisk, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import type { CourierFix, TrackFixOutcome } from './courier-track';
import { LearnedSpeeds, type LearnedSpeedsOptions } from './learned-speeds';
import { circleTrack } from '../../../test/factories/synthetic-tracks';
import { createRng } from '../lib/rng';

const CELL = latLngToCell(-20.46, -54.6, H3_RES.area);
const [centerLat, centerLng] = cellToLatLng(CELL);
const CENTER = { lat: centerLat, lng: centerLng };
/** 10:00 UTC: with the default offset 0, bucket 10. */
const T10 = Date.UTC(2025, 2, 12, 10);
const HOUR_MS = 3_600_000;

function feed(
  speeds: LearnedSpeeds,
  fixes: readonly CourierFix[],
  courierId = 1,
  vehicle: 'bike' | 'car' = 'bike',
): TrackFixOutcome[] {
  return fixes.map((fix) => speeds.observe(courierId, vehicle, fix));
}

function learnedAt(
  options: LearnedSpeedsOptions,
  speedMps: number,
  startMs: number,
): LearnedSpeeds {
  const speeds = new LearnedSpeeds(options);
  feed(speeds, circleTrack({ center: CENTER, speedMps, startMs, seconds: 1800 }));
  return speeds;
}

describe('LearnedSpeeds', () => {
  it('moves a cell towards the speed couriers are seen to ride there', () => {
    const speeds = learnedAt({}, 4, T10);
    // A bike's prior is 4.5 m/s; half an hour at 4 m/s brings the cell close to 4.
    const learned = speeds.speedMpsAt('bike', CENTER.lat, CENTER.lng, T10 + 900_000);
    expect(learned).toBeLessThan(4.1);
    expect(learned).toBeGreaterThan(3.9);
  });

  it('applies the ratio learned from one vehicle to another not seen in the cell', () => {
    const speeds = new LearnedSpeeds();
    feed(
      speeds,
      circleTrack({ center: CENTER, speedMps: 4.5, startMs: T10, seconds: 1800 }),
      1,
      'car',
    );
    // Cars at half their 9 m/s prior: a bike there is expected at about half of 4.5 m/s.
    const bike = speeds.speedMpsAt('bike', CENTER.lat, CENTER.lng, T10);
    expect(bike).toBeGreaterThan(2.2);
    expect(bike).toBeLessThan(2.5);
  });

  it('learns each vehicle apart where both were seen: a car queue does not slow a bike', () => {
    const speeds = new LearnedSpeeds();
    // Cars at half their 9 m/s prior, bikes at their full 4.5 m/s, in the same cell and hour.
    const track = circleTrack({ center: CENTER, speedMps: 4.5, startMs: T10, seconds: 1800 });
    for (const fix of track) {
      speeds.observe(1, 'car', fix);
      speeds.observe(2, 'bike', fix);
    }
    expect(speeds.speedMpsAt('car', CENTER.lat, CENTER.lng, T10)).toBeLessThan(5);
    expect(speeds.speedMpsAt('bike', CENTER.lat, CENTER.lng, T10)).toBeGreaterThan(4.3);
    const shared = speeds.estimate(CELL, speeds.bucketOf(T10)).speedRatio;
    expect(shared).toBeGreaterThan(0.6);
    expect(shared).toBeLessThan(0.9);
  });

  it('trusts a cell with few samples less than one with many', () => {
    const few = new LearnedSpeeds();
    feed(few, circleTrack({ center: CENTER, speedMps: 2, startMs: T10, seconds: 60 }));
    const many = learnedAt({}, 2, T10);
    const prior = few.priorSpeedMps('bike');
    const fewSpeed = few.speedMpsAt('bike', CENTER.lat, CENTER.lng, T10);
    const manySpeed = many.speedMpsAt('bike', CENTER.lat, CENTER.lng, T10);
    expect(fewSpeed).toBeLessThan(prior);
    expect(manySpeed).toBeLessThan(fewSpeed);
  });

  it('ignores fixes that claim an accuracy worse than 100 m', () => {
    const speeds = new LearnedSpeeds();
    const fixes = circleTrack({ center: CENTER, speedMps: 2, startMs: T10, seconds: 600 }).map(
      (f) => ({ ...f, accuracyMeters: 150 }),
    );
    expect(new Set(feed(speeds, fixes))).toEqual(new Set(['inaccurate']));
    expect(speeds.size).toBe(0);
  });

  it('ignores a jump faster than 200 km/h and carries on from the fix before it', () => {
    const fixes = circleTrack({ center: CENTER, speedMps: 3, startMs: T10, seconds: 300 });
    const jump = { ...fixes[5]!, t: fixes[5]!.t + 1, lat: fixes[5]!.lat + 0.05 };
    const clean = new LearnedSpeeds();
    feed(clean, fixes);
    const jumpy = new LearnedSpeeds();
    const outcomes = feed(jumpy, [...fixes.slice(0, 6), jump, ...fixes.slice(6)]);
    expect(outcomes[6]).toBe('jump');
    expect(jumpy.snapshot()).toEqual(clean.snapshot());
  });

  it('learns nothing from a courier dwelling in place with GPS noise', () => {
    const speeds = new LearnedSpeeds();
    const dwell = circleTrack({
      center: CENTER,
      radiusMeters: 1,
      speedMps: 0.001,
      startMs: T10,
      seconds: 1200,
      intervalMs: 2000,
      accuracyMeters: 8,
      noiseMeters: 5,
      rng: createRng(3),
    });
    const outcomes = feed(speeds, dwell);
    expect(outcomes).not.toContain('segment');
    expect(outcomes).toContain('stationary');
    expect(speeds.estimate(CELL, speeds.bucketOf(T10)).source).toBe('prior');
  });

  it('times a drive after a dwell from when the courier left, not from when it stopped', () => {
    const drive = circleTrack({
      center: CENTER,
      speedMps: 4.5,
      startMs: T10 + 55_000,
      seconds: 120,
    });
    const stop = Array.from({ length: 11 }, (_, i) => ({ ...drive[0]!, t: T10 + i * 5000 }));
    const speeds = new LearnedSpeeds();
    feed(speeds, [...stop, ...drive]);
    // Drive speed equals the bike prior: any standing time counted as travel would pull it down.
    expect(speeds.speedMpsAt('bike', CENTER.lat, CENTER.lng, T10)).toBeGreaterThan(4.4);
  });

  it('breaks the track across a silence longer than two minutes', () => {
    const speeds = new LearnedSpeeds();
    const before = circleTrack({ center: CENTER, speedMps: 4, startMs: T10, seconds: 10 });
    const after = circleTrack({ center: CENTER, speedMps: 4, startMs: T10 + 200_000, seconds: 0 });
    expect(feed(speeds, [...before, ...after]).at(-1)).toBe('gap');
  });

  it('keeps time-of-day buckets apart', () => {
    const speeds = new LearnedSpeeds();
    feed(
      speeds,
      circleTrack({ center: CENTER, speedMps: 2, startMs: T10 - 2 * HOUR_MS, seconds: 1800 }),
    );
    feed(
      speeds,
      circleTrack({ center: CENTER, speedMps: 4.5, startMs: T10 + 4 * HOUR_MS, seconds: 1800 }),
      2,
    );
    const rush = speeds.estimate(CELL, 8);
    const afternoon = speeds.estimate(CELL, 14);
    expect(rush.source).toBe('bucket');
    expect(afternoon.source).toBe('bucket');
    expect(rush.speedRatio).toBeLessThan(0.55);
    expect(afternoon.speedRatio).toBeGreaterThan(0.9);
  });

  it('falls back to the neighbouring buckets, then the all-day value', () => {
    const speeds = learnedAt({}, 2, T10);
    const neighbour = speeds.estimate(CELL, 11);
    const allDay = speeds.estimate(CELL, 15);
    expect(neighbour.source).toBe('neighbour_buckets');
    expect(allDay.source).toBe('all_day');
    expect(neighbour.speedRatio).toBeLessThan(0.6);
    expect(allDay.speedRatio).toBeLessThan(0.6);
  });

  it('answers the vehicle prior for a cell never seen', () => {
    const speeds = learnedAt({}, 2, T10);
    const far = gridDisk(CELL, 3).at(-1)!;
    expect(speeds.estimate(far, 10)).toEqual({ speedRatio: 1, samples: 0, source: 'prior' });
    const [lat, lng] = cellToLatLng(far);
    expect(speeds.speedMpsAt('car', lat, lng, T10)).toBe(9);
  });

  it('buckets by the hub’s local hour', () => {
    const speeds = new LearnedSpeeds({ utcOffsetMinutes: -240 });
    expect(speeds.bucketOf(Date.UTC(2025, 2, 12, 3, 30))).toBe(23);
    expect(speeds.bucketOf(Date.UTC(2025, 2, 12, 12, 0))).toBe(8);
  });

  it('holds at most maxEntries, evicting the least recently updated', () => {
    const speeds = new LearnedSpeeds({ maxEntries: 6 });
    for (let h = 0; h < 12; h++) {
      const track = circleTrack({
        center: CENTER,
        speedMps: 4,
        startMs: T10 + h * HOUR_MS,
        seconds: 300,
      });
      feed(speeds, track, h);
    }
    expect(speeds.size).toBe(6);
    expect(speeds.estimate(CELL, (10 + 11) % 24).source).toBe('bucket');
    expect(speeds.estimate(CELL, 10).source).not.toBe('bucket');
  });

  it('forgets the least recently seen courier beyond maxTrackedCouriers', () => {
    const speeds = new LearnedSpeeds({ maxTrackedCouriers: 1 });
    const track = circleTrack({ center: CENTER, speedMps: 4, startMs: T10, seconds: 120 });
    // Two couriers reporting in turn: each fix finds its courier forgotten and starts over.
    const outcomes = track.flatMap((fix, i) => [
      speeds.observe(1, 'bike', fix),
      speeds.observe(2, 'bike', { ...fix, t: fix.t + i }),
    ]);
    expect(new Set(outcomes)).toEqual(new Set(['started']));
  });

  it('restores a snapshot that went through JSON to the same estimates', () => {
    const speeds = learnedAt({ utcOffsetMinutes: -240 }, 2, T10);
    const drive = circleTrack({ center: CENTER, speedMps: 4, startMs: T10, seconds: 600 });
    feed(speeds, drive, 2, 'car');
    const copy = new LearnedSpeeds({ utcOffsetMinutes: -240 });
    expect(copy.restore(JSON.parse(JSON.stringify(speeds.snapshot())))).toBe(speeds.size);
    for (const bucket of [5, 6, 7, 12]) {
      for (const vehicle of [undefined, 'car', 'bike'] as const) {
        expect(copy.estimate(CELL, bucket, vehicle)).toEqual(
          speeds.estimate(CELL, bucket, vehicle),
        );
      }
    }
    // The same entries; their order follows updates, which a restore replays by time.
    const entries = (l: LearnedSpeeds): string[] =>
      l
        .snapshot()
        .entries.map((e) => JSON.stringify(e))
        .sort();
    expect(entries(copy)).toEqual(entries(speeds));
  });

  it('keeps only the all-day values of a snapshot bucketed another way', () => {
    const speeds = learnedAt({}, 2, T10);
    const copy = new LearnedSpeeds({ bucketMinutes: 30 });
    expect(copy.restore(speeds.snapshot())).toBe(1);
    expect(copy.estimate(CELL, 20).source).toBe('all_day');
  });

  it('rejects a rule that is not a positive number', () => {
    expect(() => new LearnedSpeeds({ minSegmentMeters: 0 })).toThrow(/minSegmentMeters/);
  });

  it('rejects a malformed snapshot', () => {
    const speeds = new LearnedSpeeds();
    expect(() => speeds.restore({ version: 2 })).toThrow(RangeError);
    expect(() =>
      speeds.restore({
        version: 1,
        bucketMinutes: 60,
        utcOffsetMinutes: 0,
        entries: [{ cell: 'nope', bucket: 1, paceRatio: 1, samples: 1, updatedAt: 0 }],
      }),
    ).toThrow(/entry 0/);
  });
});
