import type { StopStatus } from '@dispatch/shared';
import { describe, expect, it } from 'vitest';
import type { RosterEntry, RosterStop } from '../fleet/courier-roster';
import { courierStart } from './plan-couriers';

const NOW = Date.UTC(2025, 0, 15, 10);
const MIN = 60_000;
const HUB = { lat: -20.46, lng: -54.61 };
const HERE = { lat: -20.4, lng: -54.6 };

function routeStop(
  id: number,
  status: StopStatus,
  overrides: Partial<RosterStop> = {},
): RosterStop {
  return {
    id,
    orderRef: null,
    courierId: 7,
    hubId: 1,
    kind: 'delivery',
    status,
    sequence: id,
    lat: -20.5 - id / 100,
    lng: -54.7,
    windowStart: NOW - 60 * MIN,
    windowEnd: NOW + 60 * MIN,
    serviceSeconds: 120,
    demand: 2,
    attempts: 0,
    slaTier: 'same_day',
    arrivedAt: null,
    eta: null,
    ...overrides,
  };
}

/** A car courier on a UTC shift from `startMinute` to `endMinute` (the whole day by default). */
function entry(route: RosterStop[], startMinute = 0, endMinute = 1440): RosterEntry {
  return {
    profile: {
      id: 7,
      name: 'Ana',
      hubId: 1,
      vehicle: 'car',
      capacity: 20,
      active: true,
      shiftStartMinute: startMinute,
      shiftEndMinute: endMinute,
      timezone: 'UTC',
      lastPingAt: null,
    },
    vehicle: 'car',
    route,
  };
}

describe('courierStart', () => {
  it('starts from where the courier is, now, keeping every open stop to plan again', () => {
    const start = courierStart(
      entry([routeStop(1, 'assigned'), routeStop(2, 'assigned')]),
      HUB,
      NOW,
      HERE,
    )!;
    expect(start.plan).toMatchObject({ start: HERE, departAt: NOW, usedLoad: 0, openStops: 0 });
    expect(start.kept.map((s) => s.id)).toEqual([1, 2]);
    expect(start.open.map((s) => s.id)).toEqual([1, 2]);
  });

  it('starts at the hub when the courier has sent no position', () => {
    expect(courierStart(entry([]), HUB, NOW, null)!.plan.start).toEqual(HUB);
  });

  it('starts after the stop it is driving to, when its ETA says it will be done there', () => {
    const underway = routeStop(1, 'en_route', { eta: NOW + 10 * MIN });
    const start = courierStart(entry([underway, routeStop(2, 'assigned')]), HUB, NOW, HERE)!;
    expect(start.plan).toMatchObject({
      start: { lat: underway.lat, lng: underway.lng },
      departAt: NOW + 10 * MIN + 120_000,
      usedLoad: 2,
      openStops: 1,
    });
    expect(start.kept.map((s) => s.id)).toEqual([2]);
  });

  it('does not start before its shift, and ends with it', () => {
    // Shift 12:00–18:00 UTC; it is 10:00.
    const start = courierStart(entry([], 12 * 60, 18 * 60), HUB, NOW, HERE)!;
    expect(start.plan.departAt).toBe(NOW + 120 * MIN);
    expect(start.plan.shiftEnd).toBe(NOW + 480 * MIN);
  });

  it('gives no start to a courier whose shift is over', () => {
    expect(courierStart(entry([], 6 * 60, 9 * 60), HUB, NOW, HERE)).toBeNull();
  });
});
