import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSolution, solutionDistance } from './checker';
import { problemArbitrary } from '../../../../test/factories/routing-arbitraries';
import type { RoutingProblem } from './problem';
import { resequenceRoute } from './resequence';

/** A courier at node 0 on a line; stops 1..n at distance i; open route. */
function lineProblem(windows: [number, number][], latestEnd = 1000): RoutingProblem {
  const n = windows.length + 1;
  const matrix = Array.from({ length: n * n }, (_, i) => Math.abs(Math.floor(i / n) - (i % n)));
  return {
    nodes: [
      { windowStart: 0, windowEnd: 0, serviceTime: 0, demand: 0 },
      ...windows.map(([windowStart, windowEnd]) => ({
        windowStart,
        windowEnd,
        serviceTime: 0,
        demand: 1,
      })),
    ],
    stops: windows.map((_, i) => i + 1),
    vehicles: [{ startNode: 0, capacity: 100, earliestDeparture: 0, latestEnd }],
    travelTimes: matrix,
    distances: matrix,
  };
}

/** Total lateness of one route by the checker: how far each late arrival and the end overshoot. */
function latenessByChecker(problem: RoutingProblem, order: number[]): number {
  return checkSolution(problem, { routes: [order], unassigned: [] }).reduce((sum, violation) => {
    if (violation.kind === 'window') return sum + violation.arrival - violation.windowEnd;
    if (violation.kind === 'shift_end') return sum + violation.end - violation.latestEnd;
    return sum;
  }, 0);
}

/** Every order of `items`. */
function permutations(items: number[]): number[][] {
  if (items.length <= 1) return [items];
  return items.flatMap((item, i) =>
    permutations([...items.slice(0, i), ...items.slice(i + 1)]).map((rest) => [item, ...rest]),
  );
}

describe('resequenceRoute', () => {
  it('returns the shortest feasible order', () => {
    const result = resequenceRoute(
      lineProblem([
        [0, 100],
        [0, 100],
        [0, 100],
      ]),
      0,
      [3, 1, 2],
    );
    expect(result).toMatchObject({
      order: [1, 2, 3],
      feasible: true,
      distance: 3,
      totalLateness: 0,
    });
  });

  it('follows the windows when the shortest order would be late', () => {
    // Stop 3 must be served by time 3, stop 1 not before 5.
    const result = resequenceRoute(
      lineProblem([
        [5, 100],
        [0, 100],
        [0, 3],
      ]),
      0,
      [1, 2, 3],
    );
    expect(result.order).toEqual([2, 3, 1]);
    expect(result.feasible).toBe(true);
  });

  it('returns the least-late order with each stop lateness when none is on time', () => {
    // Both due by 1: serving 1 first makes only 2 late (by 1); serving 2 first makes 2 late by 1
    // and then 1 late by 2.
    const result = resequenceRoute(
      lineProblem([
        [0, 1],
        [0, 1],
      ]),
      0,
      [2, 1],
    );
    expect(result.feasible).toBe(false);
    expect(result.order).toEqual([1, 2]);
    expect(result.timings).toEqual([
      { stop: 1, arrival: 1, lateBy: 0 },
      { stop: 2, arrival: 2, lateBy: 1 },
    ]);
    expect(result.totalLateness).toBe(1);
  });

  it('times a slower courier at its travel factor', () => {
    // Stop 3 is due by 4: reached at 3 at factor 1, at 6 at the earliest at factor 2.
    const base = lineProblem([
      [0, 100],
      [0, 100],
      [0, 4],
    ]);
    expect(resequenceRoute(base, 0, [3, 2, 1]).feasible).toBe(true);
    const problem = { ...base, vehicles: [{ ...base.vehicles[0]!, travelFactor: 2 }] };
    const result = resequenceRoute(problem, 0, [3, 2, 1]);
    expect(result).toMatchObject({ feasible: false, order: [1, 2, 3], distance: 3 });
    expect(result.timings[2]).toEqual({ stop: 3, arrival: 6, lateBy: 2 });
  });

  it('orders all the stops given even above the vehicle stop limit', () => {
    const base = lineProblem([
      [0, 100],
      [0, 100],
    ]);
    const problem = { ...base, vehicles: [{ ...base.vehicles[0]!, maxStops: 1 }] };
    expect(resequenceRoute(problem, 0, [2, 1])).toMatchObject({ order: [1, 2], feasible: true });
  });

  it('counts the shift overrun as lateness', () => {
    const result = resequenceRoute(
      lineProblem(
        [
          [0, 100],
          [0, 100],
        ],
        1,
      ),
      0,
      [1, 2],
    );
    expect(result).toMatchObject({ feasible: false, shiftOverrun: 1, totalLateness: 1 });
  });

  it('finds the least late, then shortest, of every order for a few stops', () => {
    fc.assert(
      fc.property(problemArbitrary({ maxStops: 6, maxVehicles: 1 }), (problem) => {
        const unpinned = { ...problem, pins: [] };
        const stops = [...problem.stops];
        const scored = permutations(stops).map((order) => ({
          lateness: latenessByChecker(unpinned, order),
          distance: solutionDistance(unpinned, { routes: [order], unassigned: [] }),
        }));
        const leastLate = Math.min(...scored.map((s) => s.lateness));
        const shortest = Math.min(
          ...scored.filter((s) => s.lateness === leastLate).map((s) => s.distance),
        );
        const result = resequenceRoute(problem, 0, stops);
        expect(result.totalLateness).toBe(leastLate);
        expect(result.distance).toBe(shortest);
        expect(result.feasible).toBe(leastLate === 0 && result.excessLoad === 0);
      }),
      { numRuns: 100 },
    );
  });

  it('finds a feasible order for many stops when one exists', () => {
    // Twelve stops whose windows force the order 12, 11, ..., 1 along the line and back.
    const windows: [number, number][] = Array.from({ length: 12 }, (_, i) => [
      24 - i - 1,
      24 - i - 1,
    ]);
    const result = resequenceRoute(
      lineProblem(windows),
      0,
      windows.map((_, i) => i + 1),
    );
    expect(result.feasible).toBe(true);
    expect(result.order).toEqual([12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
  });

  it('reduces lateness for many stops when no order is on time', () => {
    // Twelve stops all due by 6: only a few can be on time; the given order serves the far ones first.
    const windows: [number, number][] = Array.from({ length: 12 }, () => [0, 6]);
    const given = windows.map((_, i) => 12 - i);
    const result = resequenceRoute(lineProblem(windows), 0, given);
    expect(result.feasible).toBe(false);
    expect(result.order).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(result.totalLateness).toBe(1 + 2 + 3 + 4 + 5 + 6);
  });
});
