import { describe, expect, it } from 'vitest';
import { validateProblem, type RoutingProblem, type RoutingVehicle } from './problem';

/** A depot and one stop, with one vehicle changed by `vehicle`. */
function withVehicle(vehicle: Partial<RoutingVehicle>): RoutingProblem {
  return {
    nodes: [
      { windowStart: 0, windowEnd: 100, serviceTime: 0, demand: 0 },
      { windowStart: 0, windowEnd: 100, serviceTime: 0, demand: 1 },
    ],
    stops: [1],
    vehicles: [{ startNode: 0, capacity: 5, earliestDeparture: 0, latestEnd: 100, ...vehicle }],
    travelTimes: [0, 10, 10, 0],
    distances: [0, 10, 10, 0],
  };
}

describe('validateProblem', () => {
  it('accepts travel factors above 0 and whole stop limits from 0 up, or none', () => {
    for (const vehicle of [
      { travelFactor: 1.6, maxStops: 18 },
      { travelFactor: 0.5, maxStops: 0 },
      { maxStops: Infinity },
      {},
    ])
      expect(() => validateProblem(withVehicle(vehicle))).not.toThrow();
  });

  it.each([0, -1, NaN, Infinity])('rejects a travel factor of %s', (travelFactor) => {
    expect(() => validateProblem(withVehicle({ travelFactor }))).toThrow(
      new RangeError(
        `invalid routing problem: vehicle 0 has travelFactor ${travelFactor}; it must be a finite number above 0`,
      ),
    );
  });

  it.each([-1, 2.5, NaN, -Infinity])('rejects a stop limit of %s', (maxStops) => {
    expect(() => validateProblem(withVehicle({ maxStops }))).toThrow(
      /vehicle 0 has maxStops .*; it must be a whole number of at least 0/,
    );
  });
});

/** A depot and stops 1..4 (demands 3, -3, 2, -2) with the given pairs and pins. */
function withPairs(
  pairs: { pickup: number; delivery: number }[],
  pins: { stop: number; vehicle: number }[] = [],
): RoutingProblem {
  const n = 5;
  const matrix = Array.from({ length: n * n }, () => 1);
  return {
    nodes: [0, 3, -3, 2, -2].map((demand) => ({
      windowStart: 0,
      windowEnd: 100,
      serviceTime: 0,
      demand,
    })),
    stops: [1, 2, 3, 4],
    vehicles: [0, 1].map(() => ({
      startNode: 0,
      capacity: 5,
      earliestDeparture: 0,
      latestEnd: 100,
    })),
    travelTimes: matrix,
    distances: matrix,
    pairs,
    pins,
  };
}

describe('validateProblem with pairs', () => {
  it('accepts pickups paired with deliveries of the negative demand', () => {
    const problem = withPairs([
      { pickup: 1, delivery: 2 },
      { pickup: 3, delivery: 4 },
    ]);
    expect(() => validateProblem(problem)).not.toThrow();
  });

  it('rejects a stop paired with itself', () => {
    const problem = withPairs([{ pickup: 3, delivery: 3 }]);
    expect(() => validateProblem(problem)).toThrow(/stop 3 is paired with itself/);
  });

  it('rejects a stop in two pairs', () => {
    const problem = withPairs([
      { pickup: 1, delivery: 2 },
      { pickup: 2, delivery: 3 },
    ]);
    expect(() => validateProblem(problem)).toThrow(/stop 2 is in more than one pair/);
  });

  it('rejects a pair naming a node that is not a stop', () => {
    expect(() => validateProblem(withPairs([{ pickup: 0, delivery: 2 }]))).toThrow(
      /paired node 0 is not a stop/,
    );
  });

  it('rejects a delivery whose demand is not the negative of its pickup', () => {
    const problem = withPairs([
      { pickup: 1, delivery: 4 },
      { pickup: 3, delivery: 2 },
    ]);
    expect(() => validateProblem(problem)).toThrow(
      /pair 1→4 needs a pickup demand of at least 0 and its negative at the delivery/,
    );
  });

  it('rejects a plain stop with a negative demand once the problem has pairs', () => {
    // Without pairs a route's demands are summed, so a negative one is allowed.
    expect(() => validateProblem(withPairs([]))).not.toThrow();
    expect(() => validateProblem(withPairs([{ pickup: 1, delivery: 2 }]))).toThrow(
      /stop 4 is in no pair, so it is delivered from the start: its demand must be at least 0/,
    );
  });

  it('rejects a pair pinned to two vehicles', () => {
    const problem = withPairs(
      [{ pickup: 1, delivery: 2 }],
      [
        { stop: 1, vehicle: 0 },
        { stop: 2, vehicle: 1 },
      ],
    );
    expect(() => validateProblem(problem)).toThrow(/pair 1→2 is pinned to two vehicles/);
  });
});
