import { PING_LIMITS } from '@dispatch/shared';
import { describe, expect, it } from 'vitest';
import type { TimedGpxPoint } from './gpx';
import { dueBatchEnd, pingForPoint, planReplay, type PlannedFix } from './replay-plan';

const T0 = Date.UTC(2020, 11, 18, 6, 15, 50);
const START_MS = 1_700_000_000_000;

/** Fixes recorded at the given seconds after T0. */
function recorded(...seconds: number[]): TimedGpxPoint[] {
  return seconds.map((s, i) => ({
    lat: 45 + i * 1e-4,
    lng: 13,
    timeMs: T0 + s * 1000,
    segment: 0,
  }));
}

describe('planReplay', () => {
  it('at 1× sends each fix at its recorded spacing, stamped with its send moment', () => {
    const plan = planReplay(recorded(0, 5, 12), { speedup: 1, startMs: START_MS, firstSeq: 7 });
    expect(plan.map((f) => f.dueMs)).toEqual([START_MS, START_MS + 5000, START_MS + 12_000]);
    expect(plan.map((f) => f.ping.t)).toEqual(plan.map((f) => f.dueMs));
  });

  it('divides wall-clock spacing by the speedup', () => {
    const plan = planReplay(recorded(0, 10, 30), { speedup: 10, startMs: START_MS, firstSeq: 1 });
    expect(plan.map((f) => f.dueMs - START_MS)).toEqual([0, 1000, 3000]);
  });

  it('keeps the recorded spacing in device times at any speedup', () => {
    const plan = planReplay(recorded(0, 10, 30, 31), {
      speedup: 100,
      startMs: START_MS,
      firstSeq: 1,
    });
    expect(plan.map((f) => f.ping.t - plan[0]!.ping.t)).toEqual([0, 10_000, 30_000, 31_000]);
  });

  it('stamps the last fix with its send moment and never stamps a fix after it is sent', () => {
    const plan = planReplay(recorded(0, 10, 30, 31), {
      speedup: 100,
      startMs: START_MS,
      firstSeq: 1,
    });
    expect(plan[plan.length - 1]!.ping.t).toBe(START_MS + 310);
    for (const fix of plan) expect(fix.ping.t).toBeLessThanOrEqual(fix.dueMs);
  });

  it('in slow motion shifts device times so that even the first fix is not in the future', () => {
    const plan = planReplay(recorded(0, 10), { speedup: 0.5, startMs: START_MS, firstSeq: 1 });
    expect(plan.map((f) => f.ping.t)).toEqual([START_MS, START_MS + 10_000]);
    expect(plan.map((f) => f.dueMs)).toEqual([START_MS, START_MS + 20_000]);
  });

  it('numbers fixes one by one from firstSeq', () => {
    const plan = planReplay(recorded(0, 1, 2), { speedup: 1, startMs: START_MS, firstSeq: 500 });
    expect(plan.map((f) => f.ping.seq)).toEqual([500, 501, 502]);
  });

  it('sends fixes in recorded-time order', () => {
    const points = recorded(0, 20, 10);
    const plan = planReplay(points, { speedup: 1, startMs: START_MS, firstSeq: 1 });
    expect(plan.map((f) => f.ping.lat)).toEqual([points[0]!.lat, points[2]!.lat, points[1]!.lat]);
  });

  it('refuses a speedup that is not a positive number', () => {
    for (const speedup of [0, -2, NaN, Infinity])
      expect(() => planReplay(recorded(0), { speedup, startMs: START_MS, firstSeq: 1 })).toThrow(
        RangeError,
      );
  });
});

describe('pingForPoint', () => {
  const point: TimedGpxPoint = { lat: 1, lng: 2, timeMs: T0, segment: 0 };

  it('carries accuracy, speed and course as acc, spd and hdg', () => {
    expect(
      pingForPoint({ ...point, accuracyMeters: 7, speedMps: 3.5, courseDegrees: 90 }, 9, 1234),
    ).toEqual({ seq: 9, t: 1234, lat: 1, lng: 2, acc: 7, spd: 3.5, hdg: 90 });
  });

  it('brings a course into 0..360', () => {
    expect(pingForPoint({ ...point, courseDegrees: -90 }, 1, 1).hdg).toBe(270);
    expect(pingForPoint({ ...point, courseDegrees: 360 }, 1, 1).hdg).toBe(0);
  });

  it('leaves out speeds and accuracies the wire format cannot carry', () => {
    const ping = pingForPoint({ ...point, speedMps: 400, accuracyMeters: -1 }, 1, 1);
    expect(ping).toEqual({ seq: 1, t: 1, lat: 1, lng: 2 });
  });
});

describe('dueBatchEnd', () => {
  const plan = (count: number, spacingMs: number): PlannedFix[] =>
    planReplay(recorded(...Array.from({ length: count }, (_, i) => (i * spacingMs) / 1000)), {
      speedup: 1,
      startMs: START_MS,
      firstSeq: 1_700_000_000_000,
    });

  it('takes every fix due by now into one batch', () => {
    expect(dueBatchEnd(plan(10, 1000), 0, START_MS + 3500)).toBe(4);
    expect(dueBatchEnd(plan(10, 1000), 4, START_MS + 3500)).toBe(4);
  });

  it('takes nothing when the next fix is not due yet', () => {
    expect(dueBatchEnd(plan(10, 1000), 2, START_MS + 1999)).toBe(2);
  });

  it('stops at the server batch size', () => {
    const due = plan(PING_LIMITS.maxPingsPerBatch + 20, 1);
    expect(dueBatchEnd(due, 0, Infinity)).toBe(PING_LIMITS.maxPingsPerBatch);
    expect(dueBatchEnd(due, PING_LIMITS.maxPingsPerBatch, Infinity)).toBe(due.length);
  });

  it('keeps a batch of long pings under the message size limit', () => {
    const long = plan(PING_LIMITS.maxPingsPerBatch, 1).map((f) => ({
      ...f,
      ping: {
        ...f.ping,
        lat: 45.1234567890123,
        lng: 13.1234567890123,
        acc: 12.3456789012345,
        spd: 1.23456789012345,
        hdg: 123.456789012345,
      },
    }));
    const end = dueBatchEnd(long, 0, Infinity);
    expect(end).toBeLessThan(long.length);
    const bytes = JSON.stringify({ pings: long.slice(0, end).map((f) => f.ping) }).length;
    expect(bytes).toBeLessThanOrEqual(PING_LIMITS.maxBatchBytes);
  });
});
