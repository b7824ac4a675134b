import { describe, expect, it } from 'vitest';
import { detectionConfig } from './config';
import { DetectionEngine } from './engine';
import { T0, fixAt, makeDetectStop } from '../../../test/factories/detect-factories';
import type { ArrivalEstimator, DetectStop, Signal } from './types';

const MIN = 60_000;
// Pings are not part of these cases: keep couriers from going offline.
// Late risk against the promised end: the safety margin has its own tests.
const config = detectionConfig({
  courier: { offlineSeconds: 86_400, offlineCriticalSeconds: 86_400 },
  lateRisk: { windowMarginMinutes: 0 },
});

function engineWith(stops: DetectStop[], estimateArrivals?: ArrivalEstimator): DetectionEngine {
  const engine = new DetectionEngine({ config, ...(estimateArrivals ? { estimateArrivals } : {}) });
  engine.upsertCourier({ id: 1, vehicle: 'car', hubId: 1, shift: null });
  engine.setRoute(1, stops);
  engine.onFixes(1, [fixAt(0)], T0);
  return engine;
}

function of(signals: readonly Signal[], kind: Signal['kind']): Signal[] {
  return signals.filter((s) => s.kind === kind);
}

describe('late and SLA breach', () => {
  it('opens late when the window end passes, with no new input', () => {
    const engine = engineWith([makeDetectStop({ windowEnd: T0 + MIN })]);
    expect(engine.tick(T0)).toEqual([]);
    expect(engine.tick(T0 + MIN)).toEqual([]);
    expect(engine.tick(T0 + MIN + 1)).toEqual([
      expect.objectContaining({ kind: 'late', subject: { stopId: 1 }, change: 'open' }),
    ]);
    expect(engine.lastTickStats.couriersEvaluated).toBe(1);
  });

  it('breaches an express stop as soon as it is late', () => {
    const engine = engineWith([makeDetectStop({ windowEnd: T0 + MIN, slaTier: 'express' })]);
    engine.tick(T0);
    const signals = engine.tick(T0 + MIN + 1);
    expect(of(signals, 'sla_breach')).toEqual([
      expect.objectContaining({ severity: 'critical', change: 'open' }),
    ]);
  });

  it('resolves a stop’s alerts when it is done', () => {
    const engine = engineWith([makeDetectStop({ windowEnd: T0 - 40 * MIN })]);
    engine.tick(T0);
    engine.setRoute(1, [makeDetectStop({ windowEnd: T0 - 40 * MIN, status: 'delivered' })]);
    const signals = engine.tick(T0 + 1000);
    expect(signals.map((s) => `${s.kind}:${s.change}`).sort()).toEqual([
      'late:resolve',
      'sla_breach:resolve',
    ]);
  });

  it('keeps a stop’s alert open when the stop moves to another courier, naming the new one', () => {
    const stop = makeDetectStop({ windowEnd: T0 - 40 * MIN });
    const engine = engineWith([stop]);
    engine.upsertCourier({ id: 2, vehicle: 'bike', hubId: 1, shift: null });
    engine.tick(T0);
    engine.setRoute(1, []);
    engine.setRoute(2, [stop]);
    const signals = engine.tick(T0 + 1000);
    expect(signals.map((s) => s.change)).toEqual(['update', 'update']);
    expect(signals.map((s) => s.details)).toEqual([
      expect.objectContaining({ courierId: 2 }),
      expect.objectContaining({ courierId: 2 }),
    ]);
  });
});

describe('stuck at stop', () => {
  it('opens when the courier has been at the stop for 3 × service time + 5 min', () => {
    const stop = makeDetectStop({ status: 'arrived', arrivedAt: T0, serviceSeconds: 60 });
    const engine = engineWith([stop]);
    engine.tick(T0);
    expect(engine.tick(T0 + 8 * MIN)).toEqual([]);
    expect(of(engine.tick(T0 + 8 * MIN + 1), 'stuck_at_stop')).toEqual([
      expect.objectContaining({
        change: 'open',
        details: expect.objectContaining({ limitMinutes: 8 }),
      }),
    ]);
  });
});

describe('late risk', () => {
  it('opens from the injected estimator’s predicted arrival', () => {
    const stop = makeDetectStop({ windowEnd: T0 + 30 * MIN });
    const engine = engineWith([stop], ({ stops }) => stops.map((s) => s.windowEnd + 10 * MIN));
    expect(engine.tick(T0)).toEqual([
      expect.objectContaining({
        kind: 'late_risk',
        severity: 'warning',
        change: 'open',
        details: expect.objectContaining({ courierId: 1, minutesLate: 10 }),
      }),
    ]);
  });

  it('passes the latest position, the time and the vehicle to the estimator', () => {
    const calls: Parameters<ArrivalEstimator>[0][] = [];
    const engine = engineWith([makeDetectStop()], (input) => {
      calls.push(input);
      return input.stops.map(() => input.at);
    });
    engine.tick(T0 + 5);
    expect(calls).toEqual([
      {
        position: { lat: fixAt(0).lat, lng: fixAt(0).lng },
        at: T0 + 5,
        vehicle: 'car',
        stops: [makeDetectStop()],
      },
    ]);
  });

  it('opens for a courier standing still when its slack runs out, with no new input', () => {
    const stop = makeDetectStop({ windowEnd: T0 + 21 * MIN });
    // 20 min away wherever it is asked from: on time now, 2 min late from T0 + 3 min.
    const engine = engineWith([stop], ({ at, stops }) => stops.map(() => at + 20 * MIN));
    expect(engine.tick(T0)).toEqual([]);
    expect(engine.tick(T0 + 3 * MIN)).toEqual([]);
    expect(engine.lastTickStats.couriersEvaluated).toBe(0);
    expect(of(engine.tick(T0 + 3 * MIN + 1), 'late_risk').map((s) => s.change)).toEqual(['open']);
  });

  it('does not flap when the prediction wobbles around the threshold', () => {
    const stop = makeDetectStop({ windowEnd: T0 + 60 * MIN });
    let minutesLate = 2.5;
    const engine = engineWith([stop], ({ stops }) =>
      stops.map((s) => s.windowEnd + minutesLate * MIN),
    );
    const signals: Signal[] = [];
    for (const [i, late] of [2.5, 1.5, 2.5, 1.8, 2.2, 1.2, 2.9, 1.6].entries()) {
      minutesLate = late;
      engine.setRoute(1, [stop]);
      signals.push(...engine.tick(T0 + i * 1000));
    }
    const opensAndResolves = of(signals, 'late_risk').filter((s) => s.change !== 'update');
    expect(opensAndResolves.map((s) => s.change)).toEqual(['open']);
  });

  it('gives way to late once the window has ended', () => {
    const stop = makeDetectStop({ windowEnd: T0 + MIN });
    const engine = engineWith([stop], ({ stops }) => stops.map((s) => s.windowEnd + 10 * MIN));
    engine.tick(T0);
    const signals = engine.tick(T0 + MIN + 1);
    expect(signals.map((s) => `${s.kind}:${s.change}`).sort()).toEqual([
      'late:open',
      'late_risk:resolve',
    ]);
  });
});

describe('hub on-time rate', () => {
  it('opens below target and clears once the completions leave the one-hour window', () => {
    const engine = new DetectionEngine({ config });
    for (let i = 0; i < 10; i++) engine.onStopCompleted(3, { completedAt: T0 + i, onTime: i < 8 });
    expect(engine.tick(T0 + MIN)).toEqual([
      expect.objectContaining({
        kind: 'hub_sla',
        subject: { hubId: 3 },
        change: 'open',
        details: { onTimeRate: 0.8, completions: 10, target: 0.95 },
      }),
    ]);
    expect(engine.tick(T0 + 30 * MIN)).toEqual([]);
    expect(engine.lastTickStats.hubsEvaluated).toBe(0);
    expect(of(engine.tick(T0 + 60 * MIN + 9), 'hub_sla').map((s) => s.change)).toEqual(['resolve']);
  });

  it('judges a hub against its own target', () => {
    const engine = new DetectionEngine({ config });
    engine.setHubTarget(3, 0.75);
    for (let i = 0; i < 10; i++) engine.onStopCompleted(3, { completedAt: T0 + i, onTime: i < 8 });
    expect(engine.tick(T0 + MIN)).toEqual([]);
  });
});

describe('predictions and the first fix', () => {
  it('predicts again at the first fix of a courier whose route came before any position', () => {
    const positions: (object | null)[] = [];
    const engine = new DetectionEngine({
      config,
      estimateArrivals: ({ position, stops }) => {
        positions.push(position);
        return stops.map(() => (position ? T0 + 60 * MIN : Number.NaN));
      },
    });
    engine.upsertCourier({ id: 1, vehicle: 'car', hubId: 1, shift: null });
    engine.setRoute(1, [makeDetectStop({ windowEnd: T0 + 20 * MIN })]);
    engine.tick(T0);
    expect(positions).toEqual([null]);
    engine.onFixes(1, [fixAt(1)], T0 + 1000);
    const signals = engine.tick(T0 + 2000);
    expect(positions).toHaveLength(2);
    expect(positions[1]).not.toBeNull();
    expect(of(signals, 'late_risk')).toEqual([expect.objectContaining({ change: 'open' })]);
  });
  it('keeps a restored late risk until the first fix after a restart says otherwise', () => {
    const stop = makeDetectStop({ windowEnd: T0 + 20 * MIN });
    let minutesLate = 10;
    const engine = new DetectionEngine({
      config,
      estimateArrivals: ({ position, stops }) =>
        stops.map((s) => (position ? s.windowEnd + minutesLate * MIN : Number.NaN)),
    });
    engine.upsertCourier({ id: 1, vehicle: 'car', hubId: 1, shift: null });
    engine.setRoute(1, [stop]);
    engine.restoreCondition(
      {
        kind: 'late_risk',
        severity: 'warning',
        details: {
          courierId: 1,
          windowEnd: stop.windowEnd,
          predictedArrival: stop.windowEnd + 10 * MIN,
          minutesLate: 10,
          marginMinutes: 0,
        },
      },
      { stopId: stop.id },
    );
    // No fix yet since the restart: nothing is known, nothing changes.
    expect(of(engine.tick(T0), 'late_risk')).toEqual([]);
    expect(engine.openConditions).toBe(1);
    // Still late at its first fix: the same alert goes on.
    engine.onFixes(1, [fixAt(1)], T0 + 1000);
    expect(of(engine.tick(T0 + 2000), 'late_risk').map((s) => s.change)).not.toContain('resolve');
    // On time again: it resolves.
    minutesLate = -5;
    engine.setRoute(1, [stop]);
    expect(of(engine.tick(T0 + 3000), 'late_risk').map((s) => s.change)).toEqual(['resolve']);
  });
});
