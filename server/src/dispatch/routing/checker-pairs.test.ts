import { describe, expect, it } from 'vitest';
import { checkSolution } from './checker';
import type { RoutingProblem, RoutingVehicle } from './problem';

/**
 * A depot (node 0), two pairs 1 → 2 and 3 → 4 of 6 units each, and a plain stop 5 of 5 units,
 * all 10 apart with wide windows; two vehicles of capacity 10.
 */
function pairProblem(vehicle: Partial<RoutingVehicle> = {}): RoutingProblem {
  const n = 6;
  const matrix = Array.from({ length: n * n }, (_, k) => (Math.floor(k / n) === k % n ? 0 : 10));
  const node = (demand: number) => ({ windowStart: 0, windowEnd: 1000, serviceTime: 0, demand });
  const depotRoute = {
    startNode: 0,
    endNode: 0,
    capacity: 10,
    earliestDeparture: 0,
    latestEnd: 1000,
  };
  return {
    nodes: [node(0), node(6), node(-6), node(6), node(-6), node(5)],
    stops: [1, 2, 3, 4, 5],
    vehicles: [{ ...depotRoute, ...vehicle }, depotRoute],
    travelTimes: matrix,
    distances: matrix,
    pairs: [
      { pickup: 1, delivery: 2 },
      { pickup: 3, delivery: 4 },
    ],
  };
}

describe('checkSolution with pairs', () => {
  it('accepts each pair on one vehicle, pickup first, the load within capacity throughout', () => {
    expect(checkSolution(pairProblem(), { routes: [[5, 1, 2, 3, 4], []], unassigned: [] })).toEqual(
      [],
    );
  });

  it('accepts a pair left unassigned whole', () => {
    expect(checkSolution(pairProblem(), { routes: [[5, 1, 2], []], unassigned: [3, 4] })).toEqual(
      [],
    );
  });

  it('reports a delivery before its pickup', () => {
    expect(checkSolution(pairProblem(), { routes: [[2, 1, 3, 4], []], unassigned: [5] })).toEqual([
      { kind: 'delivery_before_pickup', vehicle: 0, pickup: 1, delivery: 2 },
    ]);
  });

  it('reports a pair split between two vehicles', () => {
    expect(checkSolution(pairProblem(), { routes: [[1, 3, 4], [2]], unassigned: [5] })).toEqual(
      expect.arrayContaining([
        { kind: 'pair_split', pickup: 1, delivery: 2, pickupVehicle: 0, deliveryVehicle: 1 },
      ]),
    );
  });

  it('reports a pair with its pickup served and its delivery unassigned', () => {
    expect(checkSolution(pairProblem(), { routes: [[3, 4, 1], []], unassigned: [2, 5] })).toEqual(
      expect.arrayContaining([
        { kind: 'pair_split', pickup: 1, delivery: 2, pickupVehicle: 0, deliveryVehicle: null },
      ]),
    );
  });

  it('reports an overload mid-route that the route total would not show', () => {
    // Both pickups before either delivery: 6, then 12 on board; the route's demands sum to 0.
    expect(checkSolution(pairProblem(), { routes: [[1, 3, 2, 4], []], unassigned: [5] })).toEqual([
      { kind: 'over_capacity', vehicle: 0, stop: 3, load: 12, capacity: 10 },
    ]);
  });

  it('carries a plain stop from the start to the stop, counting the load already on board', () => {
    // Plain stop 5 (5 units) after pickup 1 (6 units): 5 + 6 on board leaving stop 1.
    expect(checkSolution(pairProblem(), { routes: [[1, 5, 2], []], unassigned: [3, 4] })).toEqual([
      { kind: 'over_capacity', vehicle: 0, stop: 1, load: 11, capacity: 10 },
    ]);
    expect(
      checkSolution(pairProblem({ usedLoad: 6 }), { routes: [[5], []], unassigned: [1, 2, 3, 4] }),
    ).toEqual([{ kind: 'over_capacity', vehicle: 0, stop: null, load: 11, capacity: 10 }]);
  });
});
