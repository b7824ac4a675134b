import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSolution } from './checker';
import { compileProblem } from './compiled';
import { insertByRegret } from './insertion';
import { insertByLazyRegret } from './lazy-regret';
import { problemArbitrary } from '../../../../test/factories/routing-arbitraries';
import type { RoutingProblem } from './problem';
import { RouteSet } from './route-set';

function emptyRoutes(problem: RoutingProblem): RouteSet {
  return new RouteSet(compileProblem(problem));
}

/** The problem with travel times replaced by shortest paths, which obey the triangle inequality. */
function withShortestPaths(problem: RoutingProblem): RoutingProblem {
  const n = problem.nodes.length;
  const travel = Array.from(problem.travelTimes);
  for (let via = 0; via < n; via++)
    for (let i = 0; i < n; i++)
      for (let j = 0; j < n; j++) {
        const through = travel[i * n + via]! + travel[via * n + j]!;
        if (through < travel[i * n + j]!) travel[i * n + j] = through;
      }
  return { ...problem, travelTimes: travel };
}

describe('insertByLazyRegret', () => {
  it('keeps every route feasible and returns exactly the stops it left out', () => {
    fc.assert(
      fc.property(problemArbitrary(), fc.integer({ min: 1, max: 3 }), (problem, k) => {
        const routes = emptyRoutes(problem);
        const left = insertByLazyRegret(routes, problem.stops, k);
        const solution = routes.toSolution();
        expect(checkSolution(problem, solution)).toEqual([]);
        expect([...left].sort()).toEqual([...solution.unassigned].sort());
      }),
      { numRuns: 300 },
    );
  });

  it('makes the choices of plain regret when travel times obey the triangle inequality', () => {
    const shape = { maxStops: 12, maxVehicles: 4, maxWindowWidth: 200, maxDemand: 3 };
    fc.assert(
      fc.property(problemArbitrary(shape), fc.integer({ min: 1, max: 3 }), (raw, k) => {
        const problem = withShortestPaths(raw);
        const plain = emptyRoutes(problem);
        const plainLeft = insertByRegret(plain, problem.stops, k);
        const lazy = emptyRoutes(problem);
        const lazyLeft = insertByLazyRegret(lazy, problem.stops, k);
        expect(lazy.toSolution()).toEqual(plain.toSolution());
        expect(lazyLeft).toEqual(plainLeft);
      }),
      { numRuns: 500 },
    );
  });

  it('stops placing when told to and hands back the rest', () => {
    const n = 81;
    const matrix = Array.from({ length: n * n }, (_, i) => Math.abs(Math.floor(i / n) - (i % n)));
    const problem: RoutingProblem = {
      nodes: Array.from({ length: n }, () => ({
        windowStart: 0,
        windowEnd: 10_000,
        serviceTime: 0,
        demand: 1,
      })),
      stops: Array.from({ length: n - 1 }, (_, i) => i + 1),
      vehicles: [{ startNode: 0, capacity: 100, earliestDeparture: 0, latestEnd: 10_000 }],
      travelTimes: matrix,
      distances: matrix,
    };
    const routes = emptyRoutes(problem);
    const left = insertByLazyRegret(routes, problem.stops, 3, () => true);
    const placed = routes.toSolution().routes[0]!;
    expect(left.length).toBeGreaterThan(0);
    expect([...placed, ...left].sort((a, b) => a - b)).toEqual(problem.stops);
  });
});
