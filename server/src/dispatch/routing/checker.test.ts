import { describe, expect, it } from 'vitest';
import { checkSolution, solutionDistance } from './checker';
import type { RoutingProblem, RoutingVehicle } from './problem';

/**
 * A depot (node 0) and three stops on a line, 10 time units apart: 0 —10— 1 —10— 2 —10— 3.
 * Stop windows are wide unless a test narrows them.
 */
function lineProblem(
  overrides: { vehicle?: Partial<RoutingVehicle>; windows?: [number, number][] } = {},
): RoutingProblem {
  const n = 4;
  const matrix = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) matrix[i * n + j] = 10 * Math.abs(i - j);
  const windows = overrides.windows ?? [
    [0, 1000],
    [0, 1000],
    [0, 1000],
  ];
  return {
    nodes: [
      { windowStart: 0, windowEnd: 1000, serviceTime: 0, demand: 0 },
      ...windows.map(([windowStart, windowEnd]) => ({
        windowStart,
        windowEnd,
        serviceTime: 5,
        demand: 4,
      })),
    ],
    stops: [1, 2, 3],
    vehicles: [
      {
        startNode: 0,
        endNode: 0,
        capacity: 12,
        earliestDeparture: 0,
        latestEnd: 1000,
        ...overrides.vehicle,
      },
      { startNode: 0, endNode: 0, capacity: 12, earliestDeparture: 0, latestEnd: 1000 },
    ],
    travelTimes: matrix,
    distances: matrix,
  };
}

describe('checkSolution', () => {
  it('accepts a route serving every stop in time and within capacity', () => {
    expect(checkSolution(lineProblem(), { routes: [[1, 2, 3], []], unassigned: [] })).toEqual([]);
  });

  it('accepts arriving before a window opens, waiting for it', () => {
    const problem = lineProblem({
      windows: [
        [50, 60],
        [0, 1000],
        [0, 1000],
      ],
    });
    expect(checkSolution(problem, { routes: [[1, 2, 3], []], unassigned: [] })).toEqual([]);
  });

  it('accepts arriving exactly at the window end', () => {
    // Stop 2 is reached at 10 + 5 + 10 = 25.
    const problem = lineProblem({
      windows: [
        [0, 1000],
        [0, 25],
        [0, 1000],
      ],
    });
    expect(checkSolution(problem, { routes: [[1, 2, 3], []], unassigned: [] })).toEqual([]);
  });

  it('reports an arrival after the window end', () => {
    const problem = lineProblem({
      windows: [
        [0, 1000],
        [0, 24],
        [0, 1000],
      ],
    });
    expect(checkSolution(problem, { routes: [[1, 2, 3], []], unassigned: [] })).toEqual([
      { kind: 'window', vehicle: 0, stop: 2, arrival: 25, windowEnd: 24 },
    ]);
  });

  it('counts waiting at an earlier stop towards lateness at the next', () => {
    // Service at 1 cannot start before 20, so stop 2 is reached at 20 + 5 + 10 = 35.
    const problem = lineProblem({
      windows: [
        [20, 1000],
        [0, 30],
        [0, 1000],
      ],
    });
    expect(checkSolution(problem, { routes: [[1, 2, 3], []], unassigned: [] })).toContainEqual(
      expect.objectContaining({ kind: 'window', stop: 2, arrival: 35 }),
    );
  });

  it('reports a load above capacity, counting the load already on board', () => {
    const problem = lineProblem({ vehicle: { usedLoad: 1 } });
    expect(checkSolution(problem, { routes: [[1, 2, 3], []], unassigned: [] })).toEqual([
      { kind: 'capacity', vehicle: 0, load: 13, capacity: 12 },
    ]);
  });

  it('reports a route holding more stops than its vehicle may take', () => {
    const problem = lineProblem({ vehicle: { maxStops: 2 } });
    expect(checkSolution(problem, { routes: [[1, 2, 3], []], unassigned: [] })).toEqual([
      { kind: 'max_stops', vehicle: 0, stops: 3, maxStops: 2 },
    ]);
  });

  it("accepts a route holding exactly its vehicle's stop limit", () => {
    const problem = lineProblem({ vehicle: { maxStops: 3 } });
    expect(checkSolution(problem, { routes: [[1, 2, 3], []], unassigned: [] })).toEqual([]);
  });

  it("times the route at its vehicle's travel factor", () => {
    // Stop 3 is reached at 3 × 10 + 2 × 5 = 40 at factor 1, and at 3 × 15 + 2 × 5 = 55 at 1.5.
    const windows: [number, number][] = [
      [0, 1000],
      [0, 1000],
      [0, 45],
    ];
    const solution = { routes: [[1, 2, 3], []], unassigned: [] };
    expect(checkSolution(lineProblem({ windows }), solution)).toEqual([]);
    expect(
      checkSolution(lineProblem({ windows, vehicle: { travelFactor: 1.5 } }), solution),
    ).toEqual([{ kind: 'window', vehicle: 0, stop: 3, arrival: 55, windowEnd: 45 }]);
  });

  it('accepts a slower vehicle whose route still fits its windows and shift', () => {
    // Back at the depot at 3 × 15 + 3 × 5 + 45 = 105.
    const problem = lineProblem({ vehicle: { travelFactor: 1.5, latestEnd: 105 } });
    expect(checkSolution(problem, { routes: [[1, 2, 3], []], unassigned: [] })).toEqual([]);
    const tight = lineProblem({ vehicle: { travelFactor: 1.5, latestEnd: 104 } });
    expect(checkSolution(tight, { routes: [[1, 2, 3], []], unassigned: [] })).toEqual([
      { kind: 'shift_end', vehicle: 0, end: 105, latestEnd: 104 },
    ]);
  });

  it('reports a stop on no route and not listed as unassigned as missing', () => {
    expect(checkSolution(lineProblem(), { routes: [[1, 3], []], unassigned: [] })).toEqual([
      { kind: 'missing', stop: 2 },
    ]);
  });

  it('reports a stop visited twice', () => {
    expect(
      checkSolution(lineProblem(), {
        routes: [
          [1, 2],
          [2, 3],
        ],
        unassigned: [],
      }),
    ).toEqual([{ kind: 'duplicate', stop: 2, count: 2 }]);
  });

  it('reports a stop both on a route and listed as unassigned', () => {
    expect(checkSolution(lineProblem(), { routes: [[1, 2, 3], []], unassigned: [3] })).toEqual([
      { kind: 'duplicate', stop: 3, count: 2 },
    ]);
  });

  it('reports a return to the depot after the shift end', () => {
    // Back at the depot at 3 × (10 + 5) + 30 = 75.
    const problem = lineProblem({ vehicle: { latestEnd: 74 } });
    expect(checkSolution(problem, { routes: [[1, 2, 3], []], unassigned: [] })).toEqual([
      { kind: 'shift_end', vehicle: 0, end: 75, latestEnd: 74 },
    ]);
  });

  it('ends an open route when its last service ends', () => {
    const problem = lineProblem({ vehicle: { endNode: undefined, latestEnd: 45 } });
    expect(checkSolution(problem, { routes: [[1, 2, 3], []], unassigned: [] })).toEqual([]);
    const tight = lineProblem({ vehicle: { endNode: undefined, latestEnd: 44 } });
    expect(checkSolution(tight, { routes: [[1, 2, 3], []], unassigned: [] })).toEqual([
      { kind: 'shift_end', vehicle: 0, end: 45, latestEnd: 44 },
    ]);
  });

  it('reports node indices that are not stops, and routes for vehicles that do not exist', () => {
    expect(
      checkSolution(lineProblem(), { routes: [[1, 2, 0], [], [3, 7]], unassigned: [] }),
    ).toEqual([
      { kind: 'unknown_stop', node: 0, vehicle: 0 },
      { kind: 'unknown_vehicle', vehicle: 2 },
      { kind: 'unknown_stop', node: 7, vehicle: 2 },
    ]);
  });

  it('reports a pinned stop moved to another vehicle', () => {
    const problem = {
      ...lineProblem(),
      pins: [
        { stop: 1, vehicle: 0 },
        { stop: 3, vehicle: 1 },
      ],
    };
    expect(checkSolution(problem, { routes: [[1, 3], [2]], unassigned: [] })).toEqual([
      { kind: 'pin', stop: 3, vehicle: 1, actualVehicle: 0 },
    ]);
  });

  it('reports an unassigned pinned stop as unassigned, not as moved', () => {
    const problem = { ...lineProblem(), pins: [{ stop: 1, vehicle: 0 }] };
    const solution = { routes: [[2, 3], []], unassigned: [1] };
    expect(checkSolution(problem, solution)).toEqual([]);
    expect(checkSolution(problem, solution, { requireAllAssigned: true })).toEqual([
      { kind: 'unassigned', stop: 1 },
    ]);
  });

  it('accepts unassigned stops unless every stop must be served', () => {
    const solution = { routes: [[1, 2], []], unassigned: [3] };
    expect(checkSolution(lineProblem(), solution)).toEqual([]);
    expect(checkSolution(lineProblem(), solution, { requireAllAssigned: true })).toEqual([
      { kind: 'unassigned', stop: 3 },
    ]);
  });
});

describe('solutionDistance', () => {
  it('sums every arc of every route including the return to the depot', () => {
    expect(solutionDistance(lineProblem(), { routes: [[1, 2], [3]], unassigned: [] })).toBe(
      10 + 10 + 20 + (30 + 30),
    );
  });

  it('does not scale distances by the travel factor', () => {
    const problem = lineProblem({ vehicle: { travelFactor: 1.6 } });
    expect(solutionDistance(problem, { routes: [[1, 2, 3], []], unassigned: [] })).toBe(60);
  });

  it('counts the drive from start to end of a vehicle with no stops', () => {
    const problem = lineProblem({ vehicle: { startNode: 3 } });
    expect(solutionDistance(problem, { routes: [[], [1, 2, 3]], unassigned: [] })).toBe(30 + 60);
  });
});
