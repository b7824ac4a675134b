import { describe, expect, it } from 'vitest';
import { checkSolution } from './checker';
import { compileProblem } from './compiled';
import { LeftOutSearch, unplaceableAlone } from './left-out';
import { nearestStops } from './neighbours';
import { euclideanMatrix, type RoutingProblem, type Solution } from './problem';
import { Random } from './random';
import { Recreate } from './recreate';
import { RouteSet } from './route-set';
import { DEFAULT_RUIN, StringRuin } from './ruin';

/**
 * Six stops around a depot with wide windows and three vehicles of capacity 6; the demands
 * 4, 2, 4, 2, 3, 3 fill the fleet exactly, and only as {4, 2}, {4, 2}, {3, 3}.
 */
function tightFleet(demands = [4, 2, 4, 2, 3, 3]): RoutingProblem {
  const xs = [0, 10, 12, 0, 2, -10, -12];
  const ys = [0, 0, 2, 10, 12, 0, -2];
  const matrix = euclideanMatrix(xs, ys);
  return {
    nodes: xs.map((_, i) => ({
      windowStart: 0,
      windowEnd: 1000,
      serviceTime: 5,
      demand: i === 0 ? 0 : demands[i - 1]!,
    })),
    stops: [1, 2, 3, 4, 5, 6],
    vehicles: [0, 1, 2].map(() => ({
      startNode: 0,
      endNode: 0,
      capacity: 6,
      earliestDeparture: 0,
      latestEnd: 1000,
    })),
    travelTimes: matrix,
    distances: matrix,
  };
}

function searchFrom(problem: RoutingProblem, start: Solution) {
  const compiled = compileProblem(problem);
  const routes = new RouteSet(compiled);
  routes.load(start);
  const random = new Random(1);
  const ruin = new StringRuin(compiled, nearestStops(compiled, 10), random, DEFAULT_RUIN);
  const recreate = new Recreate(compiled, new Float64Array(compiled.nodeCount), random);
  const search = new LeftOutSearch(compiled, ruin, recreate);
  search.reset(routes);
  return { routes, search };
}

describe('LeftOutSearch', () => {
  it('places a stop that fits nowhere until other stops change routes', () => {
    const problem = tightFleet();
    // Loads 5, 5 and 4: stop 3 (demand 4) fits on no route as they are.
    const start: Solution = { routes: [[2, 5], [4, 6], [1]], unassigned: [3] };
    const { search } = searchFrom(problem, start);
    let out = 1;
    for (let round = 0; round < 500 && out > 0; round++) out = search.round();
    expect(out).toBe(0);
    expect(
      checkSolution(problem, search.current.toSolution(), { requireAllAssigned: true }),
    ).toEqual([]);
  });

  it('never keeps a round that breaks a route', () => {
    const problem = tightFleet();
    const { search } = searchFrom(problem, { routes: [[2, 5], [4, 6], [1]], unassigned: [3] });
    for (let round = 0; round < 50; round++) {
      search.round();
      const violations = checkSolution(problem, search.current.toSolution());
      expect(violations.filter((v) => v.kind !== 'unassigned')).toEqual([]);
    }
  });
});

describe('unplaceableAlone', () => {
  it('counts the stops out that no vehicle could carry even alone', () => {
    const problem = tightFleet([4, 2, 4, 2, 3, 7]);
    const routes = new RouteSet(compileProblem(problem));
    routes.load({ routes: [[1, 2], [3, 4], [5]], unassigned: [6] });
    expect(unplaceableAlone(routes)).toBe(1);
    routes.load({ routes: [[1, 2], [3, 4], []], unassigned: [5, 6] });
    expect(unplaceableAlone(routes)).toBe(1);
  });

  it('is zero when every stop out would fit an empty vehicle', () => {
    const routes = new RouteSet(compileProblem(tightFleet()));
    routes.load({ routes: [[2, 5], [4, 6], [1]], unassigned: [3] });
    expect(unplaceableAlone(routes)).toBe(0);
  });
});
