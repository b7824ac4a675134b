import { describe, expect, it } from 'vitest';
import { scoreAlerts } from '../../../server/src/simulator/world/alert-scoring';
import {
  DEFAULT_TRUTH_RULES,
  TruthTracker,
  type TruthSpell,
} from '../../../server/src/simulator/world/ground-truth';
import { NO_WORLD_INCIDENTS } from '../../../server/src/simulator/world/incidents';
import { runSimulatedDetection } from './simulated-detection-run';

const T0 = Date.UTC(2025, 0, 15, 12);
const MIN = 60_000;
const RULES = { thresholdMs: 5 * MIN, graceMs: 2 * MIN };

function spell(courierId: number, fromMin: number, toMin: number): TruthSpell {
  return {
    kind: 'standstill',
    courierId,
    from: T0 + fromMin * MIN,
    to: T0 + toMin * MIN,
    cutAtEnd: false,
  };
}
const alertAt = (courierId: number, minute: number) => ({ courierId, openedAt: T0 + minute * MIN });

describe('scoring alerts against true spells', () => {
  const spells = [
    spell(1, 0, 5.5), // 30 s over the threshold
    spell(1, 20, 30), // 5 min over
    spell(2, 0, 4), // shorter than the threshold: wants no alert
    spell(3, 0, 60), // long, never alerted
  ];

  it('matches an alert opened during its spell and gives its delay over the threshold', () => {
    const score = scoreAlerts([alertAt(1, 5.25)], spells, RULES);
    expect(score.outcomes).toEqual(['matched']);
    expect(score.delaysMs).toEqual([0.25 * MIN]);
  });

  it('matches an alert opened within the grace after the spell, not one after it', () => {
    const score = scoreAlerts([alertAt(1, 7.4), alertAt(1, 32.5)], spells, RULES);
    expect(score.outcomes).toEqual(['matched', 'unwanted']);
  });

  it('counts a second alert on the same spell as a duplicate', () => {
    const score = scoreAlerts([alertAt(1, 26), alertAt(1, 25.1)], spells, RULES);
    expect(score.outcomes).toEqual(['duplicate', 'matched']);
    expect(score.precision).toBe(0.5);
  });

  it('wants no alert for a spell shorter than the threshold, and never matches another courier', () => {
    const score = scoreAlerts([alertAt(2, 3.9), alertAt(4, 25)], spells, RULES);
    expect(score.outcomes).toEqual(['unwanted', 'unwanted']);
    expect(score.wanted).toBe(3);
  });

  it('gives recall over the spells at least the threshold long, by how far over they are', () => {
    const score = scoreAlerts([alertAt(1, 5.2), alertAt(1, 26)], spells, RULES);
    expect(score.recall).toBeCloseTo(2 / 3);
    expect(score.missed).toEqual([spells[3]]);
    expect(score.buckets.map((b) => [b.alerted, b.spells])).toEqual([
      [1, 1],
      [1, 1],
      [0, 1],
    ]);
  });
});

describe('ground truth of a hand-built trajectory', () => {
  it('finds the stop on the way and the phone going quiet, and nothing else', () => {
    const tracker = new TruthTracker(5, DEFAULT_TRUTH_RULES);
    const stop = { lat: -20.46 + 2000 / 111_320, lng: -54.6 };
    // Drives north at 8 m/s for 2 min, stands 7 min (phone silent minutes 3–6), drives 2 min.
    for (let s = 0; s < 11 * 60; s++) {
      const meters = s < 120 ? s * 8 : s < 540 ? 960 : 960 + (s - 540) * 8;
      tracker.observe({
        atMs: T0 + s * 1000,
        lat: -20.46 + meters / 111_320,
        lng: -54.6,
        serving: false,
        nextStop: stop,
        sending: s < 180 || s >= 360,
      });
    }
    const spells = tracker.finish(T0 + 11 * MIN);
    expect(spells.map((x) => [x.kind, (x.from - T0) / 1000, (x.to - T0) / 1000])).toEqual([
      ['silence', 179, 360],
      ['standstill', 120, 544],
    ]);
  });
});

describe('simulated detection run', () => {
  it('opens no offline alert and finds no silence when every phone keeps sending', () => {
    const run = runSimulatedDetection({
      seed: 3,
      couriers: 4,
      startMs: T0,
      durationMs: 30 * MIN,
      tickMs: 5000,
      incidents: NO_WORLD_INCIDENTS,
      phoneGps: false,
      traffic: false,
      truthRules: DEFAULT_TRUTH_RULES,
      stopsPerCourier: 20,
    });
    expect(run.truth.filter((s) => s.kind === 'silence')).toEqual([]);
    expect(run.alerts.filter((a) => a.kind === 'offline')).toEqual([]);
    expect(run.incidents).toEqual([]);
  });

  it('logs each offline incident and sees a true silence over it', () => {
    const run = runSimulatedDetection({
      seed: 4,
      couriers: 3,
      startMs: T0,
      durationMs: 90 * MIN,
      tickMs: 5000,
      incidents: { ...NO_WORLD_INCIDENTS, rates: { ...NO_WORLD_INCIDENTS.rates, offline: 2 } },
      phoneGps: false,
      traffic: false,
      truthRules: DEFAULT_TRUTH_RULES,
      stopsPerCourier: 40,
    });
    const offline = run.incidents.filter((i) => i.kind === 'offline');
    expect(offline.length).toBeGreaterThan(0);
    for (const incident of offline) {
      const silence = run.truth.find(
        (s) =>
          s.kind === 'silence' &&
          s.courierId === incident.courierId &&
          s.from <= incident.from &&
          s.to >= incident.to,
      );
      expect(silence).toBeDefined();
    }
  });
});
