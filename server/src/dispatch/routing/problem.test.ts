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
