import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSolution, solutionDistance } from './checker';
import { compileProblem } from './compiled';
import { improveRoutes, localSearch } from './local-search';
import { Moves } from './moves';
import { nearestStops } from './neighbours';
import { problemArbitrary } from '../../../../test/factories/routing-arbitraries';
import type { RoutingProblem } from './problem';
import { Random } from './random';
import { RouteSet } from './route-set';
import { canInsert } from './route-state';

/** A feasible but poor starting point: each stop at a random feasible place. */
function scattered(problem: RoutingProblem, seed: number): RouteSet {
  const routes = new RouteSet(compileProblem(problem));
  const random = new Random(seed);
  const order = Int32Array.from(problem.stops);
  random.shuffle(order);
  for (const stop of order) {
    const places = routes.routes.flatMap((route) =>
      Array.from({ length: route.stopCount + 1 }, (_, k) => ({ route, k })).filter(({ k }) =>
        canInsert(route, k, stop),
      ),
    );
    if (places.length === 0) continue;
    const { route, k } = places[random.below(places.length)]!;
    route.insertAt(k, stop);
  }
  return routes;
}

type Operator = (moves: Moves, routes: RouteSet, u: number, v: number) => boolean;

const operators: Record<string, Operator> = {
  'relocate after': (m, r, u, v) =>
    m.segmentTo(u, 1, r.routes[r.routeOf[v]!]!, r.positionOf[v]!, false),
  'relocate before': (m, r, u, v) =>
    m.segmentTo(u, 1, r.routes[r.routeOf[v]!]!, r.positionOf[v]! - 1, false),
  'or-opt of 2': (m, r, u, v) =>
    m.segmentTo(u, 2, r.routes[r.routeOf[v]!]!, r.positionOf[v]!, false),
  'or-opt of 3, reversed': (m, r, u, v) =>
    m.segmentTo(u, 3, r.routes[r.routeOf[v]!]!, r.positionOf[v]! - 1, true),
  swap: (m, _r, u, v) => m.swap(u, v),
  '2-opt*': (m, _r, u, v) => m.tailExchange(u, v),
  '2-opt': (m, _r, u, v) => m.reverse(u, v),
};

/** Wide windows and small demands: routes of several stops, where every move has room to apply. */
const LONG_ROUTES = { maxStops: 10, maxVehicles: 3, maxWindowWidth: 300, maxDemand: 2 };

/** Counts applied moves per operator over all runs, so a property that never fires is noticed. */
const applied: Record<string, number> = {};

describe('local search moves', () => {
  for (const [name, operator] of Object.entries(operators)) {
    it(`${name} keeps every route feasible and lowers the distance it claims to`, () => {
      applied[name] = 0;
      fc.assert(
        fc.property(problemArbitrary(LONG_ROUTES), fc.nat(), (problem, seed) => {
          const routes = scattered(problem, seed);
          const moves = new Moves(routes);
          for (const u of problem.stops) {
            for (const v of problem.stops) {
              if (u === v || routes.routeOf[u]! < 0 || routes.routeOf[v]! < 0) continue;
              const before = routes.totalDistance();
              if (!operator(moves, routes, u, v)) continue;
              applied[name]!++;
              const solution = routes.toSolution();
              expect(checkSolution(problem, solution)).toEqual([]);
              expect(routes.totalDistance()).toBeLessThan(before);
              expect(routes.totalDistance()).toBeCloseTo(solutionDistance(problem, solution), 9);
            }
          }
        }),
        { numRuns: 150 },
      );
      expect(applied[name]).toBeGreaterThan(0);
    });
  }
});

describe('improveRoutes', () => {
  it('ends with feasible routes no longer than it started with', () => {
    fc.assert(
      fc.property(problemArbitrary(LONG_ROUTES), fc.nat(), (problem, seed) => {
        const routes = scattered(problem, seed);
        const before = routes.totalDistance();
        improveRoutes(routes, nearestStops(routes.problem, 30), new Random(seed));
        expect(checkSolution(problem, routes.toSolution())).toEqual([]);
        expect(routes.totalDistance()).toBeLessThanOrEqual(before);
      }),
      { numRuns: 150 },
    );
  });

  it('untangles a crossing route into the straight one', () => {
    // A courier at 0 and stops 1..4 on a line, no return; visiting 1, 3, 2, 4 doubles back.
    const n = 5;
    const matrix = Array.from({ length: n * n }, (_, i) => Math.abs(Math.floor(i / n) - (i % n)));
    const problem: RoutingProblem = {
      nodes: Array.from({ length: n }, () => ({
        windowStart: 0,
        windowEnd: 100,
        serviceTime: 0,
        demand: 1,
      })),
      stops: [1, 2, 3, 4],
      vehicles: [{ startNode: 0, capacity: 10, earliestDeparture: 0, latestEnd: 100 }],
      travelTimes: matrix,
      distances: matrix,
    };
    const improved = localSearch(problem, { routes: [[1, 3, 2, 4]], unassigned: [] });
    expect(improved.routes[0]).toEqual([1, 2, 3, 4]);
  });
});
