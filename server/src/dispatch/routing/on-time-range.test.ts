import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileProblem } from './compiled';
import { problemWithRoutesArbitrary } from '../../../../test/factories/routing-arbitraries';
import { firstOnTimePlace, lastOnTimePlace } from './on-time-range';
import type { RoutingProblem } from './problem';
import { RouteSet } from './route-set';
import { canInsertOnTime, RouteState } from './route-state';

describe('firstOnTimePlace and lastOnTimePlace', () => {
  it('leave out only places where the stop cannot go on time', () => {
    fc.assert(
      fc.property(problemWithRoutesArbitrary(), ({ problem, solution }) => {
        const routes = new RouteSet(compileProblem(problem));
        routes.load(solution);
        for (const route of routes.routes) {
          for (const stop of solution.unassigned) {
            const first = firstOnTimePlace(route, stop);
            const last = lastOnTimePlace(route, stop);
            for (let k = 0; k <= route.stopCount; k++) {
              if (k < first || k > last) expect(canInsertOnTime(route, k, stop)).toBe(false);
            }
          }
        }
      }),
    );
  });

  it('narrow a route to the places around a stop’s window', () => {
    // Depot 0 and stops 1..5 on a line, one unit apart; stop k is served at time 10 k.
    const xs = [0, 1, 2, 3, 4, 5, 3];
    const matrix = xs.flatMap((a) => xs.map((b) => Math.abs(a - b)));
    const problem: RoutingProblem = {
      nodes: xs.map((_, i) => ({
        windowStart: i === 0 ? 0 : i === 6 ? 25 : 10 * i,
        windowEnd: i === 0 ? 1000 : i === 6 ? 28 : 10 * i,
        serviceTime: i === 6 ? 1 : 0,
        demand: 1,
      })),
      stops: [1, 2, 3, 4, 5, 6],
      vehicles: [{ startNode: 0, endNode: 0, capacity: 10, earliestDeparture: 0, latestEnd: 1000 }],
      travelTimes: matrix,
      distances: matrix,
    };
    const route = new RouteState(compileProblem(problem), 0);
    route.assign([1, 2, 3, 4, 5]);
    // Stop 6 (window 25–28, one unit of service) fits only between stops 2 and 3: before
    // stop 2 it would make stop 2 (at 20) late, and stop 3 is left at 30, after its window.
    expect(firstOnTimePlace(route, 6)).toBe(2);
    expect(lastOnTimePlace(route, 6)).toBe(2);
    expect(canInsertOnTime(route, 2, 6)).toBe(true);
  });

  it('cover the whole route when windows are wide', () => {
    const problem: RoutingProblem = {
      nodes: [0, 1, 2, 3].map(() => ({
        windowStart: 0,
        windowEnd: 1000,
        serviceTime: 1,
        demand: 1,
      })),
      stops: [1, 2, 3],
      vehicles: [{ startNode: 0, endNode: 0, capacity: 10, earliestDeparture: 0, latestEnd: 1000 }],
      travelTimes: Array.from({ length: 16 }, () => 2),
      distances: Array.from({ length: 16 }, () => 2),
    };
    const route = new RouteState(compileProblem(problem), 0);
    route.assign([1, 2]);
    expect(firstOnTimePlace(route, 3)).toBe(0);
    expect(lastOnTimePlace(route, 3)).toBe(2);
  });
});
