import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RoutingProblem } from './problem';
import { resequenceRoute } from './resequence';

/** A courier at node 0 on a line; stops 1..n at the given places, wide windows; open route. */
function lineProblem(places: number[]): RoutingProblem {
  const at = [0, ...places];
  const n = at.length;
  const matrix = Array.from({ length: n * n }, (_, i) =>
    Math.abs(at[Math.floor(i / n)]! - at[i % n]!),
  );
  return {
    nodes: at.map((_, i) => ({
      windowStart: 0,
      windowEnd: i === 0 ? 0 : 10_000,
      serviceTime: 0,
      demand: 1,
    })),
    stops: places.map((_, i) => i + 1),
    vehicles: [{ startNode: 0, capacity: 100, earliestDeparture: 0, latestEnd: 100_000 }],
    travelTimes: matrix,
    distances: matrix,
  };
}

const before = (order: number[], first: number, then: number) =>
  order.indexOf(first) < order.indexOf(then);

describe('resequenceRoute with precedence', () => {
  it('visits a pickup before its delivery even when the delivery is on the way', () => {
    // Delivery 1 at 2 km, its pickup 2 at 5 km: alone, the best order is 1 then 2.
    const problem = lineProblem([2, 5]);
    expect(resequenceRoute(problem, 0, [1, 2]).order).toEqual([1, 2]);
    const result = resequenceRoute(problem, 0, [1, 2], { precedence: [[2, 1]] });
    expect(result.order).toEqual([2, 1]);
    expect(result.distance).toBe(8);
  });

  it('keeps every pickup first among more stops than are tried exhaustively', () => {
    // Twelve stops along a line, each even one the delivery of the pickup placed just beyond it.
    const places = Array.from({ length: 12 }, (_, i) => (i % 2 === 0 ? i + 1 : i + 0.5));
    const problem = lineProblem(places);
    const precedence = Array.from({ length: 6 }, (_, k) => [2 * k + 2, 2 * k + 1] as const);
    const result = resequenceRoute(problem, 0, problem.stops, { precedence, seed: 3 });
    expect([...result.order].sort((a, b) => a - b)).toEqual(problem.stops);
    for (const [first, then] of precedence) expect(before(result.order, first, then)).toBe(true);
  });

  it('never returns an order that breaks precedence, whatever the stops and pairs', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 2, maxLength: 11 }),
        fc.integer({ min: 1, max: 1000 }),
        (places, seed) => {
          const problem = lineProblem(places);
          const stops = problem.stops;
          const precedence: [number, number][] = [];
          for (let i = 0; i + 1 < stops.length; i += 2) precedence.push([stops[i + 1]!, stops[i]!]);
          const result = resequenceRoute(problem, 0, stops, {
            precedence,
            seed,
            maxIterations: 50,
          });
          return precedence.every(([first, then]) => before(result.order, first, then));
        },
      ),
      { numRuns: 60, seed: 7 },
    );
  });
});
