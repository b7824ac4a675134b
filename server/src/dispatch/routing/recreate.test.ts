import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSolution } from './checker';
import { compileProblem } from './compiled';
import { nearestStops } from './neighbours';
import { problemArbitrary } from '../../../../test/factories/routing-arbitraries';
import { Random } from './random';
import { Recreate } from './recreate';
import { RouteSet } from './route-set';

describe('Recreate', () => {
  for (const nearbyFirst of [false, true]) {
    it(`puts stops only where every rule holds${nearbyFirst ? ', trying nearby routes first' : ''}`, () => {
      fc.assert(
        fc.property(problemArbitrary({ maxStops: 10 }), fc.nat(), (problem, seed) => {
          const compiled = compileProblem(problem);
          const routes = new RouteSet(compiled);
          const depotDistance = new Float64Array(compiled.nodeCount);
          const recreate = new Recreate(compiled, depotDistance, new Random(seed), {
            nearby: nearbyFirst ? nearestStops(compiled, 2) : undefined,
          });
          const failed = recreate.run(routes, Int32Array.from(problem.stops), problem.stops.length);
          const solution = routes.toSolution();
          expect(checkSolution(problem, solution)).toEqual([]);
          expect(solution.unassigned).toHaveLength(failed);
        }),
        { numRuns: 300 },
      );
    });
  }
});
