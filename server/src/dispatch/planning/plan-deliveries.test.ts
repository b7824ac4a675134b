import { describe, expect, it } from 'vitest';
import { ConstantSpeedProvider } from '../../eta/constant-speed-provider';
import { straightLineMeters, type GeoPoint, type TravelTimeProvider } from '../../eta/travel-time';
import { checkSolution } from '../routing/checker';
import { buildPlanProblem, type PlanCourier, type PlanStop } from './plan-problem';
import { planDeliveries } from './plan-deliveries';
import { calibrateTravel } from './travel-calibration';

const T0 = Date.UTC(2025, 0, 15, 8);
const MIN = 60_000;
const HUB = { lat: -20.46, lng: -54.61 };
/** The point `eastKm` east and `northKm` north of the hub. */
const at = (eastKm: number, northKm = 0) => ({
  lat: HUB.lat + northKm / 111.195,
  lng: HUB.lng + eastKm / (111.195 * Math.cos((HUB.lat * Math.PI) / 180)),
});

/** Straight lines, circuity 1.2: cars 10 m/s, bikes 5 m/s, on foot 1.25 m/s. */
const provider = new ConstantSpeedProvider({
  circuity: 1.2,
  speedMps: { foot: 1.25, bike: 5, scooter: 7.5, car: 10, van: 10 },
});

function courier(overrides: Partial<PlanCourier> = {}): PlanCourier {
  return {
    vehicle: 'car',
    start: HUB,
    departAt: T0,
    shiftEnd: T0 + 10 * 60 * MIN,
    capacity: 100,
    usedLoad: 0,
    openStops: 0,
    ...overrides,
  };
}

function stop(point: { lat: number; lng: number }, overrides: Partial<PlanStop> = {}): PlanStop {
  return {
    ...point,
    windowStart: T0,
    windowEnd: T0 + 8 * 60 * MIN,
    serviceSeconds: 120,
    demand: 1,
    ...overrides,
  };
}

/** A seeded scatter of stops within `radiusKm` of the hub. */
function scatter(count: number, radiusKm: number, seed = 1): PlanStop[] {
  let state = seed;
  const random = () => ((state = (state * 16807) % 2147483647) - 1) / 2147483646;
  return Array.from({ length: count }, () => {
    const windowStart = T0 + Math.floor(random() * 6) * 60 * MIN;
    return stop(at((random() * 2 - 1) * radiusKm, (random() * 2 - 1) * radiusKm), {
      windowStart,
      windowEnd: windowStart + 120 * MIN,
    });
  });
}

describe('calibrateTravel', () => {
  it('fits seconds per metre for the fastest vehicle and each vehicle’s factor over it', () => {
    const points = scatter(50, 5).map(({ lat, lng }) => ({ lat, lng }));
    const fit = calibrateTravel(provider, points, T0, ['car', 'bike', 'foot']);
    expect(fit.secondsPerMeter).toBeCloseTo(1.2 / 10, 4);
    expect(fit.factor.car).toBe(1);
    expect(fit.factor.bike).toBeCloseTo(2, 4);
    expect(fit.factor.foot).toBeCloseTo(8, 4);
    expect(fit.samples).toBeGreaterThan(40); // one pair per point, up to 200
  });

  it('fits the short hops a route is made of, where streets wind more than across town', () => {
    // Streets 1.6× the straight line up to 1 km, 1.2× beyond: a route of neighbours drives the former.
    const seconds = (a: GeoPoint, b: GeoPoint) => {
      const meters = straightLineMeters(a, b);
      return (meters * (meters < 1000 ? 1.6 : 1.2)) / 10;
    };
    const winding: TravelTimeProvider = {
      name: 'winding',
      travelSeconds: seconds,
      travelSecondsFrom: (from, targets) => targets.map((to) => seconds(from, to)),
    };
    const points = scatter(400, 7, 3).map(({ lat, lng }) => ({ lat, lng }));
    const fit = calibrateTravel(winding, points, T0, ['car']);
    expect(fit.secondsPerMeter).toBeCloseTo(1.6 / 10, 4);
  });
});

describe('planDeliveries', () => {
  it('plans every stop on time, and the routes pass the independent checker', () => {
    const stops = scatter(120, 6);
    const couriers = Array.from({ length: 6 }, () => courier());
    const plan = planDeliveries(couriers, stops, provider, T0, { timeLimitMs: 300 });
    expect(plan.unplanned).toEqual([]);
    expect(plan.late).toEqual([]);
    expect(plan.routes.flat().sort((a, b) => a - b)).toEqual(stops.map((_, i) => i));
    const limits = couriers.map(() => plan.maxStopsPerCourier);
    const problem = buildPlanProblem(couriers, stops, plan.calibration, T0, limits);
    const first = couriers.length;
    const violations = checkSolution(problem, {
      routes: plan.routes.map((route) => route.map((k) => k + first)),
      unassigned: [],
    });
    expect(violations).toEqual([]);
  });

  it('spreads the work: nobody over 1.2 × the average by default, or over the limit asked for', () => {
    const stops = scatter(100, 3);
    const couriers = Array.from({ length: 5 }, () => courier());
    const balanced = planDeliveries(couriers, stops, provider, T0, { timeLimitMs: 300 });
    expect(balanced.maxStopsPerCourier).toBe(24);
    for (const route of balanced.routes) expect(route.length).toBeLessThanOrEqual(24);
    const capped = planDeliveries(couriers, stops, provider, T0, {
      timeLimitMs: 300,
      maxStopsPerCourier: 21,
    });
    for (const route of capped.routes) expect(route.length).toBeLessThanOrEqual(21);
    expect(capped.routes.flat()).toHaveLength(100);
  });

  it('counts a courier’s open stops against its limit and starts it after them', () => {
    const stops = scatter(40, 3);
    const busy = courier({ openStops: 10, departAt: T0 + 60 * MIN });
    const plan = planDeliveries([busy, courier()], stops, provider, T0, {
      timeLimitMs: 300,
    });
    // 1.2 × 50 / 2 = 30 in all, so the busy courier takes at most 20 new ones.
    expect(plan.maxStopsPerCourier).toBe(30);
    expect(plan.routes[0]!.length).toBeLessThanOrEqual(20);
    expect(plan.routes.flat()).toHaveLength(40);
  });

  it('gives a far, urgent stop to the car when the bike cannot make it', () => {
    const far = stop(at(8), { windowEnd: T0 + 20 * MIN });
    const plan = planDeliveries(
      [courier({ vehicle: 'bike' }), courier({ vehicle: 'car' })],
      [far],
      provider,
      T0,
      { timeLimitMs: 100 },
    );
    expect(plan.routes).toEqual([[], [0]]);
  });

  it('drives a stop’s follow-up visit right after it, within both windows', () => {
    const pickup = stop(at(2), {
      windowEnd: T0 + 60 * MIN,
      then: {
        ...at(2, 3),
        windowStart: T0,
        windowEnd: T0 + 30 * MIN,
        serviceSeconds: 60,
        demand: 0,
      },
    });
    const plan = planDeliveries([courier()], [pickup, stop(at(-2))], provider, T0, {
      timeLimitMs: 100,
    });
    expect(plan.unplanned).toEqual([]);
    expect(plan.late).toEqual([]);
    // A drop-off due before the pickup's window allows it cannot be planned on time.
    const impossible = {
      ...pickup,
      windowStart: T0 + 40 * MIN,
      then: { ...pickup.then!, windowEnd: T0 + 35 * MIN },
    };
    const strict = planDeliveries([courier()], [impossible], provider, T0, { timeLimitMs: 100 });
    expect(strict.unplanned).toEqual([0]);
  });

  it('leaves out what nobody can serve on time, or plans it late when asked, with the minutes', () => {
    const closed = stop(at(1), { windowStart: T0 - 90 * MIN, windowEnd: T0 - 10 * MIN });
    const fine = stop(at(1, 1));
    const strict = planDeliveries([courier()], [closed, fine], provider, T0, { timeLimitMs: 100 });
    expect(strict.unplanned).toEqual([0]);
    expect(strict.routes).toEqual([[1]]);
    const lenient = planDeliveries([courier()], [closed, fine], provider, T0, {
      timeLimitMs: 100,
      placeLateStops: true,
    });
    expect(lenient.unplanned).toEqual([]);
    expect(lenient.late).toHaveLength(1);
    expect(lenient.late[0]!.stop).toBe(0);
    // 1 km at 0.12 s/m: 2 min after the start, the window closed 10 min before it.
    expect(lenient.late[0]!.lateMinutes).toBeGreaterThanOrEqual(12);
    expect(lenient.late[0]!.lateMinutes).toBeLessThanOrEqual(13);
  });

  it('keeps a pinned stop with its courier, where it fits on time or else least late', () => {
    // Both stops sit next to the second courier's start, but they belong to the first.
    const near = at(5);
    const pinned = [
      stop(near, { pinnedTo: 0 }),
      stop(near, { pinnedTo: 0, windowEnd: T0 + 2 * MIN }),
    ];
    const plan = planDeliveries([courier(), courier({ start: near })], pinned, provider, T0, {
      timeLimitMs: 100,
    });
    expect(plan.routes[1]).toEqual([]);
    expect([...plan.routes[0]!].sort()).toEqual([0, 1]);
    expect(plan.unplanned).toEqual([]);
    // 5 km at 0.12 s/m is 10 min: the second cannot be on time with its own courier.
    expect(plan.late.map((l) => l.stop)).toEqual([1]);
  });

  it('plans nothing without couriers', () => {
    const plan = planDeliveries([], scatter(3, 1), provider, T0);
    expect(plan.routes).toEqual([]);
    expect(plan.unplanned).toEqual([0, 1, 2]);
  });
});
