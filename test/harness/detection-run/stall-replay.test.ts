import { describe, expect, it } from 'vitest';
import { falseStalls, replayStalls, type FixSource } from './stall-replay';
import {
  movingMs,
  resampleTrack,
  trueStandstills,
  type TimedPosition,
  type TruthSample,
} from './track-truth';

const START_MS = Date.UTC(2025, 0, 15, 8);
const MINUTE = 60_000;
const ORIGIN = { lat: 45.3, lng: 13.7 };
/** Degrees of longitude per metre at the origin's latitude. */
const DEG_PER_METER_EAST = 1 / (111_320 * Math.cos((ORIGIN.lat * Math.PI) / 180));

/**
 * A synthetic drive, one point a minute: legs at 10 m/s east and standstills, each given as
 * [minutes, moving].
 */
function drive(legs: [minutes: number, moving: boolean][]): TimedPosition[] {
  const points: TimedPosition[] = [{ ...ORIGIN, timeMs: START_MS }];
  let meters = 0;
  let minute = 0;
  for (const [minutes, moving] of legs) {
    for (let m = 1; m <= minutes; m++) {
      if (moving) meters += 600;
      points.push({
        lat: ORIGIN.lat,
        lng: ORIGIN.lng + meters * DEG_PER_METER_EAST,
        timeMs: START_MS + (minute + m) * MINUTE,
      });
    }
    minute += minutes;
  }
  return points;
}

const exact: FixSource = (s) =>
  s.covered ? null : { t: s.atMs, lat: s.lat, lng: s.lng, accuracyMeters: 5 };

const REPLAY = { tickMs: 5000, vehicle: 'car' as const };
const STANDSTILL = { radiusMeters: 30, minMs: 5 * MINUTE };

describe('resampleTrack', () => {
  it('interpolates between recorded points at the fix interval', () => {
    const samples = resampleTrack(drive([[2, true]]), { intervalMs: 2000, maxGapMs: 30_000 });
    expect(samples).toHaveLength(61);
    expect(samples[15]!.lng).toBeCloseTo(ORIGIN.lng + 300 * DEG_PER_METER_EAST, 9);
    expect(samples[15]!.speedMps).toBeCloseTo(10, 1);
    expect(samples[15]!.headingDeg).toBeCloseTo(90, 1);
  });

  it('marks the inside of a recording gap as covered, not its ends', () => {
    const points = drive([[1, true]]);
    const samples = resampleTrack(points, { intervalMs: 10_000, maxGapMs: 30_000 });
    expect(samples.map((s) => s.covered)).toEqual([false, true, true, true, true, true, false]);
  });
});

describe('trueStandstills and movingMs', () => {
  it('finds standstills of at least the threshold, not shorter ones, and counts moving time', () => {
    const points = drive([
      [10, true],
      [8, false],
      [10, true],
      [3, false],
      [5, true],
    ]);
    const samples = resampleTrack(points, { intervalMs: 5000, maxGapMs: 90_000 });
    const spans = trueStandstills(samples, STANDSTILL);
    expect(spans).toHaveLength(1);
    // The samples of the approach within the radius of the spell's mean belong to it.
    expect(Math.abs(spans[0]!.from - (START_MS + 10 * MINUTE))).toBeLessThanOrEqual(5000);
    expect(Math.abs(spans[0]!.to - (START_MS + 18 * MINUTE))).toBeLessThanOrEqual(5000);
    expect(movingMs(points)).toBe(25 * MINUTE);
  });
});

describe('trueStandstills on a creep', () => {
  it('ends the spell once a slow creep has gone about twice the radius', () => {
    // 0.25 m/s for 20 minutes: 300 m, never 5 minutes within 30 m of one centre.
    const points = Array.from({ length: 21 }, (_, m) => ({
      lat: ORIGIN.lat,
      lng: ORIGIN.lng + m * 15 * DEG_PER_METER_EAST,
      timeMs: START_MS + m * MINUTE,
    }));
    const samples = resampleTrack(points, { intervalMs: 5000, maxGapMs: 90_000 });
    expect(trueStandstills(samples, STANDSTILL)).toEqual([]);
    expect(trueStandstills(samples, { radiusMeters: 30, minMs: 3 * MINUTE })).not.toEqual([]);
  });
});

describe('replayStalls', () => {
  const points = drive([
    [10, true],
    [8, false],
    [10, true],
  ]);
  const samples = resampleTrack(points, { intervalMs: 5000, maxGapMs: 90_000 });
  const standstills = trueStandstills(samples, STANDSTILL);

  it('raises one true stall for a standstill past the threshold on exact fixes', () => {
    const alerts = replayStalls(samples, exact, REPLAY);
    expect(alerts).toHaveLength(1);
    expect(alerts[0]!.openedAt).toBeGreaterThanOrEqual(START_MS + 15 * MINUTE);
    expect(falseStalls(alerts, standstills)).toBe(0);
  });

  it('counts a stall raised while the truth was moving as false', () => {
    // A phone that keeps repeating where it stood at minute 2 for six minutes of driving.
    const frozenAt = samples.find((s) => s.atMs === START_MS + 2 * MINUTE)!;
    const frozen: FixSource = (s: TruthSample) =>
      s.atMs > frozenAt.atMs && s.atMs <= frozenAt.atMs + 6 * MINUTE
        ? { t: s.atMs, lat: frozenAt.lat, lng: frozenAt.lng, accuracyMeters: 5 }
        : exact(s);
    const alerts = replayStalls(samples, frozen, REPLAY);
    expect(alerts).toHaveLength(2);
    expect(falseStalls(alerts, standstills)).toBe(1);
  });

  it('gives no alert without fixes', () => {
    expect(replayStalls(samples, () => null, REPLAY)).toEqual([]);
  });
});
