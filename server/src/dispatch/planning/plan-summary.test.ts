import { describe, expect, it } from 'vitest';
import { measureRoute, type RouteVisit } from './plan-measure';
import { summarizePlan, type RouteChange } from './plan-summary';
import type { TravelCalibration } from './travel-calibration';

const T0 = Date.UTC(2025, 0, 15, 8);
const MIN = 60_000;
const HUB = { lat: -20.46, lng: -54.61 };
/** The point `eastKm` east of the hub. */
const east = (km: number) => ({
  lat: HUB.lat,
  lng: HUB.lng + km / (111.195 * Math.cos((HUB.lat * Math.PI) / 180)),
});

/** 10 m/s for cars; bikes take twice as long. */
const calibration: TravelCalibration = {
  secondsPerMeter: 0.1,
  factor: { foot: 8, bike: 2, scooter: 1.3, car: 1, van: 1 },
  samples: 0,
};
const car = { vehicle: 'car' as const, start: HUB, departAt: T0, openStops: 0 };

function visit(stopId: number, km: number, overrides: Partial<RouteVisit> = {}): RouteVisit {
  return {
    stopId,
    ...east(km),
    windowStart: T0,
    windowEnd: T0 + 60 * MIN,
    serviceSeconds: 0,
    demand: 1,
    ...overrides,
  };
}

function change(before: RouteVisit[], after: RouteVisit[], name = 'Ana'): RouteChange {
  return { courierId: name.length, name, courier: car, before, after };
}

describe('measureRoute', () => {
  it('adds up the straight-line legs from the start through every stop', () => {
    const measure = measureRoute(car, [visit(1, 2), visit(2, 5), visit(3, 1)], calibration);
    expect(measure.meters / 1000).toBeCloseTo(2 + 3 + 4, 2);
    expect(measure.late).toEqual([]);
  });

  it('reports a stop reached after its window with the seconds late, at the vehicle’s pace', () => {
    // 6 km at 10 m/s is 10 min; by bike 20 min, against a window ending after 15.
    const stop = visit(7, 6, { windowEnd: T0 + 15 * MIN });
    expect(measureRoute(car, [stop], calibration).late).toEqual([]);
    const byBike = measureRoute({ ...car, vehicle: 'bike' }, [stop], calibration);
    expect(byBike.late).toHaveLength(1);
    expect(byBike.late[0]!.lateSeconds).toBeCloseTo(300, 0);
  });

  it('waits for a window to open before serving, which delays the stops after it', () => {
    const early = visit(1, 1, { windowStart: T0 + 30 * MIN, serviceSeconds: 600 });
    const next = visit(2, 1, { windowEnd: T0 + 35 * MIN });
    const { late } = measureRoute(car, [early, next], calibration);
    expect(late.map((l) => l.stopId)).toEqual([2]);
    expect(late[0]!.lateSeconds).toBeCloseTo(300, 0);
  });

  it('counts a stop less than half a minute past its window as on time', () => {
    // 6 km takes exactly 10 min.
    const { late } = measureRoute(
      car,
      [visit(1, 6, { windowEnd: T0 + 10 * MIN - 20_000 })],
      calibration,
    );
    expect(late).toEqual([]);
  });
});

describe('summarizePlan', () => {
  it('counts added and re-ordered stops per courier, and the stops each route has', () => {
    const a = visit(1, 1);
    const b = visit(2, 2);
    const c = visit(3, 3);
    const summary = summarizePlan(
      [
        change([a, b, c], [c, a, b], 'Ana'),
        { ...change([], [visit(4, 1), visit(5, 2)], 'Ben'), courier: { ...car, openStops: 1 } },
      ],
      calibration,
    );
    expect(summary.planned).toBe(2);
    expect(summary.couriers).toEqual([
      expect.objectContaining({
        name: 'Ben',
        added: 2,
        reordered: 0,
        stopsBefore: 1,
        stopsAfter: 3,
      }),
      // Only #3 was picked up and put elsewhere; #1 and #2 keep their order.
      expect.objectContaining({
        name: 'Ana',
        added: 0,
        reordered: 1,
        stopsBefore: 3,
        stopsAfter: 3,
      }),
    ]);
  });

  it('gives km and late stops before and after over the changed routes', () => {
    const far = visit(1, 9, { windowEnd: T0 + 10 * MIN });
    const near = visit(2, 1, { windowEnd: T0 + 5 * MIN });
    const summary = summarizePlan([change([far], [near, far])], calibration);
    // 9 km either way (the near stop is on the way); the far one is reached after 15 min, 5 late.
    expect(summary.km).toEqual({ before: 9, after: 9 });
    expect(summary.lateStops).toEqual({ before: 1, after: 1 });
    expect(summary.couriers[0]).toMatchObject({ kmBefore: 9, kmAfter: 9, lateBefore: 1 });
  });

  it('names as late only the stops the plan adds, not those the route already had late', () => {
    const alreadyLate = visit(1, 9, { windowEnd: T0 + 5 * MIN });
    const newLate = visit(2, 10, { windowEnd: T0 + 10 * MIN });
    const newOnTime = visit(3, 1);
    const summary = summarizePlan(
      [change([alreadyLate], [newOnTime, alreadyLate, newLate])],
      calibration,
    );
    expect(summary.lateStops).toEqual({ before: 1, after: 2 });
    expect(summary.lateNew.map((l) => l.stopId)).toEqual([2]);
    expect(summary.lateNew[0]!.lateMinutes).toBeGreaterThan(0);
    expect(summary.planned).toBe(2);
  });
});
