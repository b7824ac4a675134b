import { haversineMeters } from '@dispatch/shared';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../server/src/lib/rng';
import { createTraffic } from '../../../server/src/simulator/world/traffic';
import type { Traffic } from '../../../server/src/simulator/world/types';
import { gridNetwork } from '../../../server/src/streets/grid';
import type { Hold } from './holds';
import { SimCourier, type CourierStep, type SimStop } from './sim-courier';

const T0 = Date.UTC(2025, 2, 12, 12);
const MINUTE = 60_000;
const network = gridNetwork({ centerLat: -20.46, centerLng: -54.6, radiusMeters: 2_000 });
const start = network.node(0);
const far = network.node(network.nodeCount - 1);

function stopAt(
  at: { lat: number; lng: number },
  overrides: Partial<SimStop> = {},
): Map<number, SimStop> {
  const stop: SimStop = {
    id: 1,
    kind: 'delivery',
    orderRef: 'ORD-1',
    node: network.nearestNode(at.lat, at.lng),
    lat: at.lat,
    lng: at.lng,
    windowStart: T0,
    windowEnd: T0 + 240 * MINUTE,
    serviceSeconds: 120,
    demand: 1,
    slaTier: 'same_day',
    status: 'assigned',
    courierId: 7,
    arrivedAt: null,
    deliveredAt: null,
    ...overrides,
  };
  return new Map([[stop.id, stop]]);
}

function courier(holds: Hold[] = [], traffic: Traffic | null = null): SimCourier {
  return new SimCourier({
    id: 7,
    vehicle: 'car',
    network,
    traffic,
    start,
    startMs: T0,
    rng: createRng(5),
    pingIntervalMs: 10_000,
    holds,
  });
}

/** Steps every 10 s up to `untilMs`, keeping each step with its time. */
function drive(
  sim: SimCourier,
  stops: Map<number, SimStop>,
  untilMs: number,
): { atMs: number; step: CourierStep; lat: number; lng: number }[] {
  const steps = [];
  for (let atMs = T0 + 10_000; atMs <= untilMs; atMs += 10_000) {
    const step = sim.step(atMs, stops);
    steps.push({ atMs, step, lat: sim.agent.motion.lat, lng: sim.agent.motion.lng });
  }
  return steps;
}

describe('SimCourier', () => {
  it('waits at the door for the window to open before leaving', () => {
    const stops = stopAt(network.node(3), { windowStart: T0 + 60 * MINUTE });
    const sim = courier();
    sim.setRoute([1], stops);
    drive(sim, stops, T0 + 90 * MINUTE);
    const stop = stops.get(1)!;
    expect(stop.status).toBe('delivered');
    expect(stop.arrivedAt!).toBeLessThan(T0 + 10 * MINUTE);
    expect(stop.deliveredAt).toBe(T0 + 60 * MINUTE + 120_000);
    expect(sim.route).toEqual([]);
  });

  it('leaves the door when the window opens even when a hold catches it serving', () => {
    // In traffic a car parks and walks: a second leg to the same door would walk back to it.
    const breakdown: Hold = {
      courierId: 7,
      kind: 'breakdown',
      fromMs: T0 + 15 * MINUTE,
      toMs: T0 + 40 * MINUTE,
    };
    const stops = stopAt(network.node(3), {
      windowStart: T0 + 60 * MINUTE,
      serviceSeconds: 1_200,
    });
    const sim = courier([breakdown], createTraffic({ seed: 5, utcOffsetMinutes: -240 }));
    sim.setRoute([1], stops);
    const steps = drive(sim, stops, T0 + 120 * MINUTE);
    const stop = stops.get(1)!;
    expect(stop.arrivedAt!).toBeLessThan(breakdown.fromMs);
    expect(stop.deliveredAt).toBe(T0 + 60 * MINUTE + 1_200_000);
    const door = steps.find((s) => s.atMs === T0 + 50 * MINUTE)!;
    expect(haversineMeters(door.lat, door.lng, stop.lat, stop.lng)).toBeLessThan(20);
  });

  it('sets off for the next stop as it leaves the door', () => {
    const stops = stopAt(network.node(3), { windowStart: T0 + 60 * MINUTE });
    const next = stopAt(far, { id: 2 }).get(2)!;
    stops.set(2, next);
    const sim = courier();
    sim.setRoute([1, 2], stops);
    drive(sim, stops, T0 + 62 * MINUTE + 10_000);
    expect(stops.get(1)!.deliveredAt).toBe(T0 + 62 * MINUTE);
    expect(sim.agent.motion.currentStopId).toBe(2);
    expect(sim.route).toEqual([2]);
  });

  it('leaves straight after serving when the window is already open', () => {
    const stops = stopAt(network.node(3));
    const sim = courier();
    sim.setRoute([1], stops);
    drive(sim, stops, T0 + 30 * MINUTE);
    const stop = stops.get(1)!;
    expect(stop.deliveredAt).toBe(stop.arrivedAt! + 120_000);
  });

  it('stands still and goes silent through a breakdown', () => {
    const breakdown: Hold = {
      courierId: 7,
      kind: 'breakdown',
      fromMs: T0 + 2 * MINUTE,
      toMs: T0 + 12 * MINUTE,
    };
    const stops = stopAt(far);
    const sim = courier([breakdown]);
    sim.setRoute([1], stops);
    const steps = drive(sim, stops, T0 + 20 * MINUTE);
    const held = steps.filter((s) => s.atMs >= breakdown.fromMs && s.atMs < breakdown.toMs);
    expect(held.every((s) => s.step.fixes.length === 0)).toBe(true);
    expect(new Set(held.map((s) => `${s.lat},${s.lng}`)).size).toBe(1);
    const after = steps.filter((s) => s.atMs > breakdown.toMs);
    expect(after.every((s) => s.step.fixes.length > 0)).toBe(true);
    const moved = haversineMeters(held[0]!.lat, held[0]!.lng, after.at(-1)!.lat, after.at(-1)!.lng);
    expect(moved).toBeGreaterThan(500);
  });

  it('keeps reporting the same place through a stall', () => {
    const stall: Hold = {
      courierId: 7,
      kind: 'stall',
      fromMs: T0 + 2 * MINUTE,
      toMs: T0 + 12 * MINUTE,
    };
    const stops = stopAt(far);
    const sim = courier([stall]);
    sim.setRoute([1], stops);
    const steps = drive(sim, stops, T0 + 12 * MINUTE);
    const held = steps.filter((s) => s.atMs >= stall.fromMs && s.atMs < stall.toMs);
    const fixes = held.flatMap((s) => s.step.fixes);
    expect(fixes.length).toBeGreaterThanOrEqual(59);
    const { lat, lng } = held[0]!;
    for (const fix of fixes) expect(haversineMeters(lat, lng, fix.lat, fix.lng)).toBeLessThan(30);
  });
});
