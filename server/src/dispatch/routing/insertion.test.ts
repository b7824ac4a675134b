import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSolution, solutionDistance } from './checker';
import { compileProblem } from './compiled';
import { cheapestInsertion, insertByRegret, insertCheapest } from './insertion';
import {
  problemArbitrary,
  problemWithRoutesArbitrary,
  routeFeasibleByChecker,
} from '../../../../test/factories/routing-arbitraries';
import type { RoutingProblem, Solution } from './problem';
import { RouteSet } from './route-set';

function emptyRoutes(problem: RoutingProblem): RouteSet {
  return new RouteSet(compileProblem(problem));
}

/** Every route feasible and every stop exactly once (unassigned ones listed). */
function expectValid(problem: RoutingProblem, solution: Solution): void {
  expect(checkSolution(problem, solution)).toEqual([]);
}

describe('insertCheapest', () => {
  it('keeps every route feasible', () => {
    fc.assert(
      fc.property(problemArbitrary(), (problem) => {
        const routes = emptyRoutes(problem);
        const left = insertCheapest(routes, problem.stops);
        const solution = routes.toSolution();
        expectValid(problem, solution);
        expect(solution.unassigned.sort()).toEqual(left.sort());
      }),
    );
  });
});

describe('insertByRegret', () => {
  it('keeps every route feasible, for k from 1 to 3', () => {
    fc.assert(
      fc.property(problemArbitrary(), fc.integer({ min: 1, max: 3 }), (problem, k) => {
        const routes = emptyRoutes(problem);
        insertByRegret(routes, problem.stops, k);
        expectValid(problem, routes.toSolution());
      }),
    );
  });

  it('places first the stop that only one vehicle can serve', () => {
    // Depot 0; stops 1 (only reachable in time by vehicle 0) and 2 (anywhere, cheaper on 0).
    const problem: RoutingProblem = {
      nodes: [
        { windowStart: 0, windowEnd: 100, serviceTime: 0, demand: 0 },
        { windowStart: 0, windowEnd: 15, serviceTime: 0, demand: 1 },
        { windowStart: 0, windowEnd: 100, serviceTime: 0, demand: 1 },
      ],
      stops: [1, 2],
      vehicles: [
        { startNode: 0, endNode: 0, capacity: 1, earliestDeparture: 0, latestEnd: 100 },
        { startNode: 0, endNode: 0, capacity: 1, earliestDeparture: 10, latestEnd: 100 },
      ],
      travelTimes: [0, 10, 10, 10, 0, 10, 10, 10, 0],
      distances: [0, 10, 5, 10, 0, 10, 5, 10, 0],
    };
    const greedy = emptyRoutes(problem);
    expect(insertCheapest(greedy, [2, 1])).toEqual([1]);
    const regret = emptyRoutes(problem);
    expect(insertByRegret(regret, [2, 1], 2)).toEqual([]);
    expect(regret.toSolution().routes).toEqual([[1], [2]]);
  });
});

describe('pinned stops', () => {
  it('go on their own vehicle even when an identical empty vehicle comes first', () => {
    const problem: RoutingProblem = {
      nodes: [
        { windowStart: 0, windowEnd: 100, serviceTime: 0, demand: 0 },
        { windowStart: 0, windowEnd: 100, serviceTime: 0, demand: 1 },
        { windowStart: 0, windowEnd: 100, serviceTime: 0, demand: 1 },
      ],
      stops: [1, 2],
      vehicles: [0, 1, 2].map(() => ({
        startNode: 0,
        endNode: 0,
        capacity: 5,
        earliestDeparture: 0,
        latestEnd: 100,
      })),
      travelTimes: [0, 10, 10, 10, 0, 10, 10, 10, 0],
      distances: [0, 10, 10, 10, 0, 10, 10, 10, 0],
      pins: [{ stop: 2, vehicle: 2 }],
    };
    const byRegret = emptyRoutes(problem);
    insertByRegret(byRegret, problem.stops, 2);
    expect(byRegret.toSolution().routes[2]).toEqual([2]);
    const cheapest = emptyRoutes(problem);
    insertCheapest(cheapest, problem.stops);
    expect(cheapest.toSolution().routes[2]).toEqual([2]);
  });
});

describe('cheapestInsertion', () => {
  it('finds the cheapest place among all that the checker accepts', () => {
    fc.assert(
      fc.property(problemWithRoutesArbitrary(), fc.nat(), ({ problem, solution }, pick) => {
        fc.pre(solution.unassigned.length > 0);
        const stop = solution.unassigned[pick % solution.unassigned.length]!;
        // Start from feasible routes: drop every stop whose route breaks a rule.
        const feasibleRoutes = solution.routes.map((stops, v) =>
          routeFeasibleByChecker(problem, v, stops) ? stops : [],
        );
        const routes = emptyRoutes(problem);
        routes.load({ routes: feasibleRoutes, unassigned: [] });
        const before = solutionDistance(problem, routes.toSolution());
        let bestCost = Infinity;
        feasibleRoutes.forEach((stops, v) => {
          for (let k = 0; k <= stops.length; k++) {
            const after = [...stops.slice(0, k), stop, ...stops.slice(k)];
            if (!routeFeasibleByChecker(problem, v, after)) continue;
            const trial = feasibleRoutes.map((r, w) => (w === v ? after : r));
            const cost = solutionDistance(problem, { routes: trial, unassigned: [] }) - before;
            bestCost = Math.min(bestCost, cost);
          }
        });
        const choice = cheapestInsertion(routes, stop);
        if (bestCost === Infinity) expect(choice).toBeNull();
        else expect(choice?.cost).toBeCloseTo(bestCost, 9);
      }),
      { numRuns: 300 },
    );
  });
});
