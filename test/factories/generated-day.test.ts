import { describe, expect, it } from 'vitest';
import { checkSolution } from '../../server/src/dispatch/routing/checker';
import { generateDeliveryDay } from './generated-day';
import { planRoutes } from '../../server/src/dispatch/routing/planner';

/** Large problems take seconds on a busy machine; this bounds the wait, it asserts nothing. */
const LARGE_TEST_TIMEOUT_MS = 180_000;

describe('planRoutes on a generated delivery day', () => {
  it(
    'serves 1,500 stops with 100 mixed vehicles, no route over its limit of 18',
    () => {
      const problem = generateDeliveryDay({
        stopCount: 1500,
        vehicleCount: 100,
        seed: 1,
        maxStops: 18,
      });
      // A generous budget: the iteration count ends the search, so the plan depends on the seed.
      const plan = planRoutes(problem, { maxIterations: 200, timeLimitMs: 600_000 });
      expect(checkSolution(problem, plan.solution, { requireAllAssigned: true })).toEqual([]);
      expect(plan.iterations).toBe(200);
      expect(Math.max(...plan.solution.routes.map((route) => route.length))).toBeLessThanOrEqual(
        18,
      );
    },
    LARGE_TEST_TIMEOUT_MS,
  );

  it(
    'still returns a complete, valid plan when the budget runs out during construction',
    () => {
      const problem = generateDeliveryDay({ stopCount: 300, vehicleCount: 40, seed: 2 });
      let now = 0;
      // Each reading of the clock advances it by 1 ms: the budget ends a few insertions in.
      const plan = planRoutes(problem, { timeLimitMs: 5, clock: () => now++ });
      expect(plan.iterations).toBe(0);
      expect(checkSolution(problem, plan.solution)).toEqual([]);
      const assigned = plan.solution.routes.reduce((sum, route) => sum + route.length, 0);
      expect(assigned + plan.solution.unassigned.length).toBe(300);
      expect(plan.solution.unassigned).toEqual([]);
    },
    LARGE_TEST_TIMEOUT_MS,
  );
});
