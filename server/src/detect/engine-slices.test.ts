import { describe, expect, it } from 'vitest';
import { DetectionEngine } from './engine';
import { sliceEnd } from './pass-slicing';
import { T0, fixAt, jitterFixes, makeDetectStop } from '../../../test/factories/detect-factories';
import type { ArrivalEstimator, Signal } from './types';

const MIN = 60_000;
/** Ends every slice after one courier, whatever the time. */
const oneCourierPerSlice = () => sliceEnd(1, Infinity);

/**
 * An engine with `count` couriers: odd ones with a stop already late, even ones standing still
 * since T0 with a stop ahead (stalled from five minutes on).
 */
function fleetEngine(count: number, estimateArrivals?: ArrivalEstimator): DetectionEngine {
  const engine = new DetectionEngine(estimateArrivals ? { estimateArrivals } : {});
  for (let id = 1; id <= count; id++) {
    engine.upsertCourier({ id, vehicle: 'car', hubId: 1, shift: null });
    const windowEnd = id % 2 === 1 ? T0 - MIN : T0 + 60 * MIN;
    engine.setRoute(id, [makeDetectStop({ id: 100 + id, windowEnd })]);
    engine.onFixes(id, jitterFixes(0, 10), T0 + 10_000);
  }
  return engine;
}

/** Runs a pass a courier per slice; returns its signals and how many slices it took. */
function slicedPass(engine: DetectionEngine, now: number): { signals: Signal[]; slices: number } {
  engine.beginPass(now);
  let slices = 1;
  while (!engine.continuePass(oneCourierPerSlice())) slices++;
  return { signals: engine.finishPass(), slices };
}

describe('a detection pass run a slice at a time', () => {
  it('gives the signals and stats a whole tick gives', () => {
    const whole = fleetEngine(12);
    const sliced = fleetEngine(12);
    for (const now of [T0 + 10_000, T0 + 6 * MIN, T0 + 20 * MIN]) {
      for (const engine of [whole, sliced]) engine.onFixes(3, [fixAt(now / 1000 - T0 / 1000)], now);
      const signals = whole.tick(now);
      expect(signals.length).toBeGreaterThan(0);
      expect(slicedPass(sliced, now).signals).toEqual(signals);
      expect(sliced.lastTickStats).toEqual(whole.lastTickStats);
    }
  });

  it('evaluates every courier due, one slice each when a slice takes one', () => {
    const engine = fleetEngine(12);
    const { slices } = slicedPass(engine, T0 + 10_000);
    expect(slices).toBe(12);
    expect(engine.lastTickStats.couriersEvaluated).toBe(12);
  });

  it('judges a courier removed during the pass as it stood when the pass began, and removes it after', () => {
    const engine = fleetEngine(4);
    engine.beginPass(T0 + 10_000);
    expect(engine.continuePass(oneCourierPerSlice())).toBe(false);
    engine.removeCourier(3);
    while (!engine.continuePass(oneCourierPerSlice()));
    const signals = engine.finishPass();
    expect(signals).toContainEqual(
      expect.objectContaining({ kind: 'late', subject: { stopId: 103 }, change: 'open' }),
    );
    expect(engine.tick(T0 + 11_000)).toContainEqual(
      expect.objectContaining({ kind: 'late', subject: { stopId: 103 }, change: 'resolve' }),
    );
  });

  it('applies a route set during the pass after it, with the fixes that followed it', () => {
    const engine = fleetEngine(4);
    engine.beginPass(T0 + 10_000);
    engine.continuePass(oneCourierPerSlice());
    engine.setRoute(3, [makeDetectStop({ id: 203, windowEnd: T0 - MIN })]);
    engine.onFixes(3, [fixAt(11)], T0 + 11_000);
    while (!engine.continuePass(oneCourierPerSlice()));
    const during = engine.finishPass();
    expect(during.filter((s) => s.subject.stopId === 203)).toEqual([]);
    expect(engine.motionOf(3)?.latestFix?.t).toBe(T0 + 11_000);
    const after = engine.tick(T0 + 11_000);
    expect(after).toContainEqual(
      expect.objectContaining({ kind: 'late', subject: { stopId: 203 }, change: 'open' }),
    );
    expect(after).toContainEqual(
      expect.objectContaining({ kind: 'late', subject: { stopId: 103 }, change: 'resolve' }),
    );
  });

  it('carries the couriers a failed pass did not reach to the next one', () => {
    let failOnce = true;
    const engine = fleetEngine(6, ({ stops }) => {
      if (failOnce) {
        failOnce = false;
        throw new Error('estimator down');
      }
      return stops.map(() => T0);
    });
    expect(() => engine.tick(T0 + 10_000)).toThrow('estimator down');
    expect(engine.passOpen).toBe(false);
    engine.tick(T0 + 11_000);
    expect(engine.lastTickStats.couriersEvaluated).toBe(5);
  });

  it('refuses a second pass while one is open', () => {
    const engine = fleetEngine(2);
    engine.beginPass(T0);
    expect(() => engine.beginPass(T0)).toThrow();
  });
});
