import { describe, expect, it } from 'vitest';
import { checkSolution } from './checker';
import { compileProblem } from './compiled';
import { LeftOutSearch, unplaceableAlone } from './left-out';
import type { RoutingProblem, Solution } from './problem';
import { RouteSet } from './route-set';
import { ruinAndRecreateFrom, sixStopsAroundDepot } from './test-instances';

/**
 * Six stops around a depot with wide windows and three vehicles of capacity 6; the demands
 * 4, 2, 4, 2, 3, 3 fill the fleet exactly, and only as {4, 2}, {4, 2}, {3, 3}.
 */
function tightFleet(demands = [4, 2, 4, 2, 3, 3]): RoutingProblem {
  return sixStopsAroundDepot(demands, 6);
}

function searchFrom(problem: RoutingProblem, start: Solution) {
  const { compiled, routes, ruin, recreate } = ruinAndRecreateFrom(problem, start);
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
