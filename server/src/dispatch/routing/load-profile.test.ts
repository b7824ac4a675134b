import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSolution } from './checker';
import { compileProblem } from './compiled';
import type { RoutingProblem } from './problem';
import { RouteSet } from './route-set';
import { pairedProblemArbitrary } from '../../../../test/harness/lilim/random-pairs';

/** A problem with pairs and a random placement of its stops, pairs not necessarily whole or in order. */
const withRandomRoutes = pairedProblemArbitrary().chain((problem) =>
  fc.record({
    problem: fc.constant(problem),
    placement: fc.array(
      fc.record({
        vehicle: fc.integer({ min: -1, max: problem.vehicles.length - 1 }),
        order: fc.double({ min: 0, max: 1, noNaN: true }),
      }),
      { minLength: problem.stops.length, maxLength: problem.stops.length },
    ),
  }),
);

function placed(problem: RoutingProblem, placement: { vehicle: number; order: number }[]) {
  const routes: number[][] = problem.vehicles.map(() => []);
  problem.stops
    .map((stop, i) => ({ stop, ...placement[i]! }))
    .sort((a, b) => a.order - b.order)
    .forEach(({ stop, vehicle }) => {
      if (vehicle >= 0) routes[vehicle]!.push(stop);
    });
  return routes;
}

describe('RouteState with pairs', () => {
  it('is feasible exactly when the checker finds windows, shift, load at every point and stop limit hold', () => {
    fc.assert(
      fc.property(withRandomRoutes, ({ problem, placement }) => {
        const routes = placed(problem, placement);
        const set = new RouteSet(compileProblem(problem));
        set.load({ routes, unassigned: [] });
        const routeKinds = new Set(['window', 'shift_end', 'over_capacity', 'max_stops']);
        const violations = checkSolution(problem, { routes, unassigned: [] });
        set.routes.forEach((route, v) => {
          const own = violations.filter(
            (violation) =>
              routeKinds.has(violation.kind) && 'vehicle' in violation && violation.vehicle === v,
          );
          expect(route.feasible).toBe(own.length === 0);
        });
      }),
      { numRuns: 300 },
    );
  });

  it('keeps the highest load before and after each point', () => {
    fc.assert(
      fc.property(withRandomRoutes, ({ problem, placement }) => {
        const set = new RouteSet(compileProblem(problem));
        set.load({ routes: placed(problem, placement), unassigned: [] });
        for (const route of set.routes) {
          const profile = route.profile!;
          const loads = Array.from(profile.onBoard.subarray(0, route.stopCount + 1));
          loads.forEach((_, pos) => {
            expect(profile.peakUpTo[pos]).toBe(Math.max(...loads.slice(0, pos + 1)));
            expect(profile.peakFrom[pos]).toBe(Math.max(...loads.slice(pos)));
          });
        }
      }),
    );
  });
});
