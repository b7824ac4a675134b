import { describe, expect, it } from 'vitest';
import { detectionConfig } from './config';
import { DetectionEngine } from './engine';
import {
  T0,
  driveFixes,
  fixAt,
  jitterFixes,
  makeDetectStop,
} from '../../../test/factories/detect-factories';
import type { DetectCourier, Signal } from './types';

const SHIFT = { startMs: T0 - 3_600_000, endMs: T0 + 8 * 3_600_000 };
const SECOND = 1000;

function courier(id = 1, overrides: Partial<DetectCourier> = {}): DetectCourier {
  return { id, vehicle: 'car', hubId: 1, shift: SHIFT, ...overrides };
}

/** An engine with one courier on shift, with one stop 2 km away and fixes up to T0. */
function engineWithCourier(engine = new DetectionEngine()): DetectionEngine {
  engine.upsertCourier(courier());
  engine.setRoute(1, [makeDetectStop()]);
  engine.onFixes(1, [fixAt(0)], T0);
  return engine;
}

function changes(signals: readonly Signal[], kind: Signal['kind']): string[] {
  return signals.filter((s) => s.kind === kind).map((s) => s.change);
}

describe('DetectionEngine ticks', () => {
  it('evaluates zero couriers on a tick with nothing new and nothing due', () => {
    const engine = engineWithCourier();
    engine.tick(T0);
    expect(engine.lastTickStats.couriersEvaluated).toBe(1);
    expect(engine.tick(T0 + SECOND)).toEqual([]);
    expect(engine.lastTickStats.couriersEvaluated).toBe(0);
  });

  it('evaluates only the couriers that sent fixes', () => {
    const engine = new DetectionEngine();
    for (let id = 1; id <= 100; id++) engine.upsertCourier(courier(id));
    engine.tick(T0);
    engine.onFixes(7, [fixAt(1)], T0 + SECOND);
    engine.onFixes(8, [fixAt(1)], T0 + SECOND);
    engine.tick(T0 + SECOND);
    expect(engine.lastTickStats.couriersEvaluated).toBe(2);
  });
});

describe('offline', () => {
  it('opens with no new input, purely because the deadline came due', () => {
    const engine = engineWithCourier();
    engine.tick(T0);
    expect(engine.tick(T0 + 119 * SECOND)).toEqual([]);
    expect(engine.lastTickStats.couriersEvaluated).toBe(0);
    const signals = engine.tick(T0 + 120 * SECOND);
    expect(engine.lastTickStats.couriersEvaluated).toBe(1);
    expect(signals).toEqual([
      expect.objectContaining({
        kind: 'offline',
        subject: { courierId: 1 },
        active: true,
        change: 'open',
        severity: 'warning',
      }),
    ]);
  });

  it('resolves when a ping comes back', () => {
    const engine = engineWithCourier();
    engine.tick(T0);
    engine.tick(T0 + 130 * SECOND);
    engine.onFixes(1, [fixAt(129)], T0 + 131 * SECOND);
    const signals = engine.tick(T0 + 131 * SECOND);
    expect(signals).toEqual([
      expect.objectContaining({ kind: 'offline', active: false, change: 'resolve' }),
    ]);
  });

  it('turns critical after 10 min with one update, then stays quiet', () => {
    const engine = engineWithCourier();
    engine.tick(T0);
    engine.tick(T0 + 120 * SECOND);
    expect(engine.tick(T0 + 600 * SECOND)).toEqual([
      expect.objectContaining({ kind: 'offline', change: 'update', severity: 'critical' }),
    ]);
    expect(engine.tick(T0 + 900 * SECOND)).toEqual([]);
  });
});

describe('stalled', () => {
  /** A courier dwelling since T0, fed and ticked each second up to `untilS`. */
  function dwellUntil(engine: DetectionEngine, fromS: number, untilS: number): Signal[] {
    const signals: Signal[] = [];
    for (let s = fromS; s <= untilS; s++) {
      engine.onFixes(1, jitterFixes(s, s), T0 + s * SECOND);
      signals.push(...engine.tick(T0 + s * SECOND));
    }
    return signals;
  }

  it('opens once after 5 min of dwelling away from the next stop', () => {
    const engine = engineWithCourier();
    const signals = dwellUntil(engine, 1, 300);
    expect(changes(signals, 'stalled')).toEqual(['open']);
    expect(signals[0]).toMatchObject({ details: { from: T0, to: T0 + 300 * SECOND } });
  });

  it('sends at most one update per tick as the stall goes on', () => {
    const engine = engineWithCourier();
    dwellUntil(engine, 1, 300);
    engine.onFixes(1, jitterFixes(301, 303), T0 + 303 * SECOND);
    engine.onFixes(1, jitterFixes(304, 305), T0 + 305 * SECOND);
    const signals = engine.tick(T0 + 305 * SECOND);
    expect(signals).toEqual([
      expect.objectContaining({
        kind: 'stalled',
        change: 'update',
        details: expect.objectContaining({ to: T0 + 305 * SECOND }),
      }),
    ]);
    expect(engine.tick(T0 + 306 * SECOND)).toEqual([]);
  });

  it('resolves when the courier moves on, keeping the final from and to', () => {
    const engine = engineWithCourier();
    dwellUntil(engine, 1, 310);
    engine.onFixes(
      1,
      [...jitterFixes(311, 320), ...driveFixes(321, 330, 10, 40)],
      T0 + 330 * SECOND,
    );
    const signals = engine.tick(T0 + 330 * SECOND);
    expect(signals).toEqual([
      expect.objectContaining({
        kind: 'stalled',
        change: 'resolve',
        active: false,
        details: expect.objectContaining({ from: T0, to: T0 + 320 * SECOND }),
      }),
    ]);
  });

  it('does not count the time spent serving a stop', () => {
    const engine = new DetectionEngine();
    engine.upsertCourier(courier());
    const served = makeDetectStop({ id: 1, status: 'arrived', arrivedAt: T0, serviceSeconds: 600 });
    const next = makeDetectStop({ id: 2 });
    engine.setRoute(1, [served, next]);
    expect(changes(dwellUntil(engine, 0, 600), 'stalled')).toEqual([]);
    engine.setRoute(1, [next]);
    expect(changes(dwellUntil(engine, 601, 899), 'stalled')).toEqual([]);
    expect(changes(dwellUntil(engine, 900, 900), 'stalled')).toEqual(['open']);
  });

  it('stays one alert while the standing phone drifts out of the dwell radius and back', () => {
    const engine = engineWithCourier();
    const signals = dwellUntil(engine, 1, 330);
    // Half a minute 45 m off (drift), then back where it stood.
    engine.onFixes(1, jitterFixes(331, 360, 4, 45), T0 + 360 * SECOND);
    signals.push(...engine.tick(T0 + 360 * SECOND));
    engine.onFixes(1, jitterFixes(361, 600), T0 + 600 * SECOND);
    signals.push(...engine.tick(T0 + 600 * SECOND));
    expect(changes(signals, 'stalled').filter((c) => c !== 'update')).toEqual(['open']);
    expect(signals.at(-1)).toMatchObject({ details: { from: T0, to: T0 + 600 * SECOND } });
    // Seen 100 m away: it is over.
    engine.onFixes(1, driveFixes(601, 610, 10, 10), T0 + 610 * SECOND);
    expect(changes(engine.tick(T0 + 610 * SECOND), 'stalled')).toEqual(['resolve']);
  });

  it('resolves when the courier reports arriving at a stop', () => {
    const engine = engineWithCourier();
    dwellUntil(engine, 1, 300);
    engine.setRoute(1, [makeDetectStop({ status: 'arrived', arrivedAt: T0 + 300 * SECOND })]);
    expect(changes(engine.tick(T0 + 301 * SECOND), 'stalled')).toEqual(['resolve']);
  });
});

describe('courier lifecycle', () => {
  it('resolves a removed courier’s conditions on the next tick', () => {
    const engine = engineWithCourier();
    engine.tick(T0);
    engine.tick(T0 + 120 * SECOND);
    engine.removeCourier(1);
    expect(engine.tick(T0 + 121 * SECOND)).toEqual([
      expect.objectContaining({ kind: 'offline', change: 'resolve' }),
    ]);
    expect(engine.openConditions).toBe(0);
  });

  it('takes over a restored alert and resolves it when its cause is gone', () => {
    const engine = engineWithCourier();
    engine.restoreCondition(
      {
        kind: 'offline',
        severity: 'warning',
        details: { lastReceivedAt: T0 - 600_000, silentSince: T0 - 600_000, lastFixT: null },
      },
      { courierId: 1 },
    );
    expect(changes(engine.tick(T0), 'offline')).toEqual(['resolve']);
  });

  it('uses the rules of the courier’s vehicle', () => {
    const config = detectionConfig({ byVehicle: { foot: { offlineSeconds: 300 } } });
    const engine = new DetectionEngine({ config });
    engine.upsertCourier(courier(1, { vehicle: 'foot' }));
    engine.setRoute(1, [makeDetectStop()]);
    engine.onFixes(1, [fixAt(0)], T0);
    engine.tick(T0);
    expect(engine.tick(T0 + 200 * SECOND)).toEqual([]);
    expect(changes(engine.tick(T0 + 300 * SECOND), 'offline')).toEqual(['open']);
  });
});

describe('arrival refreshes', () => {
  it('are spread over the refresh interval for a fleet that started together', () => {
    let calls = 0;
    const engine = new DetectionEngine({
      estimateArrivals: ({ at, stops }) => {
        calls++;
        return stops.map(() => at + 5 * 60_000);
      },
    });
    for (let id = 1; id <= 120; id++) {
      engine.upsertCourier({ id, vehicle: 'car', hubId: 1, shift: null });
      engine.setRoute(id, [makeDetectStop({ id, windowEnd: T0 + 3600_000 })]);
    }
    const perTick: number[] = [];
    for (let s = 0; s <= 90; s++) {
      const now = T0 + s * 1000;
      for (let id = 1; id <= 120; id++) engine.onFixes(id, [fixAt(s, id * 10, s * 8)], now);
      calls = 0;
      engine.tick(now);
      perTick.push(calls);
    }
    // Everyone is estimated once at the start; afterwards no tick re-estimates the whole fleet.
    expect(perTick[0]).toBe(120);
    expect(Math.max(...perTick.slice(1))).toBeLessThan(30);
    expect(perTick.slice(1).reduce((a, b) => a + b, 0)).toBeGreaterThan(120);
  });
});
