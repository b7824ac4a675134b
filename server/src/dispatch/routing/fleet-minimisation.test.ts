import { describe, expect, it } from 'vitest';
import { checkSolution } from './checker';
import { minimiseFleet } from './fleet-minimisation';
import type { RoutingProblem, Solution } from './problem';
import { ruinAndRecreateFrom, sixStopsAroundDepot } from './test-instances';

/**
 * A depot at the origin and six stops around it with wide windows; three vehicles, each able
 * to serve all six. With `paired`, stops 1→2, 3→4 and 5→6 are pickup-and-delivery pairs.
 */
function roomyProblem(paired: boolean, pinned = false): RoutingProblem {
  const demands = [1, 2, 3, 4, 5, 6].map((i) => (paired ? (i % 2 === 1 ? 2 : -2) : 2));
  return {
    ...sixStopsAroundDepot(demands, 12),
    pairs: paired
      ? [
          { pickup: 1, delivery: 2 },
          { pickup: 3, delivery: 4 },
          { pickup: 5, delivery: 6 },
        ]
      : undefined,
    pins: pinned
      ? [
          { stop: 1, vehicle: 0 },
          { stop: 3, vehicle: 1 },
          { stop: 5, vehicle: 2 },
        ]
      : undefined,
  };
}

/** Runs fleet minimisation for at most `rounds` rounds from `start`; returns the plan it keeps. */
function minimised(problem: RoutingProblem, start: Solution, rounds: number): Solution {
  const { routes, ruin, recreate } = ruinAndRecreateFrom(problem, start);
  let round = 0;
  minimiseFleet(routes, ruin, recreate, () => round++ >= rounds);
  expect(recreate.usable).toBeNull();
  return routes.toSolution();
}

const threeRoutes: Solution = {
  routes: [
    [1, 2],
    [3, 4],
    [5, 6],
  ],
  unassigned: [],
};

const usedRoutes = (solution: Solution) => solution.routes.filter((r) => r.length > 0).length;

describe('minimiseFleet', () => {
  it('serves every stop with one vehicle where three were used and one suffices', () => {
    const problem = roomyProblem(false);
    const solution = minimised(problem, threeRoutes, 500);
    expect(checkSolution(problem, solution, { requireAllAssigned: true })).toEqual([]);
    expect(usedRoutes(solution)).toBe(1);
  });

  it('keeps pairs whole and in order while it empties routes', () => {
    const problem = roomyProblem(true);
    const solution = minimised(problem, threeRoutes, 500);
    expect(checkSolution(problem, solution, { requireAllAssigned: true })).toEqual([]);
    expect(usedRoutes(solution)).toBe(1);
  });

  it('never moves a pinned stop off its vehicle, so routes holding pins stay', () => {
    const problem = roomyProblem(false, true);
    const solution = minimised(problem, threeRoutes, 500);
    expect(solution).toEqual(threeRoutes);
  });

  it('keeps the plan it was given when no route can go', () => {
    // Capacity 4 per vehicle: two stops each, so three vehicles are needed.
    const base = roomyProblem(false);
    const problem = { ...base, vehicles: base.vehicles.map((v) => ({ ...v, capacity: 4 })) };
    const solution = minimised(problem, threeRoutes, 200);
    expect(solution).toEqual(threeRoutes);
  });
});
