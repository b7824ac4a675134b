import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSolution, solutionDistance } from './checker';
import { compileProblem } from './compiled';
import { insertByRegret } from './insertion';
import { planRoutes } from './planner';
import { problemArbitrary } from '../../../../test/factories/routing-arbitraries';
import { euclideanMatrix, type RoutingProblem } from './problem';
import { Random } from './random';
import { RouteSet } from './route-set';

/** A Solomon-like instance: depot in the middle, `count` customers with random windows. */
function scatteredCustomers(count: number, seed: number): RoutingProblem {
  const random = new Random(seed);
  const xs = [50];
  const ys = [50];
  const nodes = [{ windowStart: 0, windowEnd: 1000, serviceTime: 0, demand: 0 }];
  for (let i = 0; i < count; i++) {
    xs.push(random.float() * 100);
    ys.push(random.float() * 100);
    const windowStart = Math.floor(random.float() * 700);
    nodes.push({ windowStart, windowEnd: windowStart + 120, serviceTime: 10, demand: 10 });
  }
  const matrix = euclideanMatrix(xs, ys);
  return {
    nodes,
    stops: nodes.slice(1).map((_, i) => i + 1),
    vehicles: Array.from({ length: 10 }, () => ({
      startNode: 0,
      endNode: 0,
      capacity: 100,
      earliestDeparture: 0,
      latestEnd: 1000,
    })),
    travelTimes: matrix,
    distances: matrix,
  };
}

describe('planRoutes', () => {
  it('returns only feasible routes, every stop once', () => {
    fc.assert(
      fc.property(problemArbitrary(), fc.nat(), (problem, seed) => {
        const { solution } = planRoutes(problem, { maxIterations: 30, seed });
        expect(checkSolution(problem, solution)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('stays feasible when travel times break the triangle inequality and windows are tight', () => {
    // Taking a stop out of such a route can make the next stop late; those rounds must not count.
    fc.assert(
      fc.property(
        problemArbitrary({ maxStops: 10, maxWindowWidth: 40 }),
        fc.nat(),
        (problem, seed) => {
          const { solution } = planRoutes(problem, { maxIterations: 200, seed });
          expect(checkSolution(problem, solution)).toEqual([]);
        },
      ),
      { numRuns: 500 },
    );
  });

  it('returns only feasible routes when vehicles count first', () => {
    fc.assert(
      fc.property(problemArbitrary({ maxWindowWidth: 200 }), fc.nat(), (problem, seed) => {
        const { solution } = planRoutes(problem, {
          maxIterations: 60,
          seed,
          minimiseVehicles: true,
        });
        expect(checkSolution(problem, solution)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('uses fewer vehicles when they count first, at some cost in distance', () => {
    const problem = scatteredCustomers(60, 3);
    const distanceFirst = planRoutes(problem, { maxIterations: 3000 });
    const vehiclesFirst = planRoutes(problem, { maxIterations: 3000, minimiseVehicles: true });
    expect(checkSolution(problem, vehiclesFirst.solution, { requireAllAssigned: true })).toEqual(
      [],
    );
    expect(vehiclesFirst.vehiclesUsed).toBeLessThan(distanceFirst.vehiclesUsed);
    expect(vehiclesFirst.distance).toBeGreaterThan(distanceFirst.distance);
  });

  it('reports the distance the checker measures', () => {
    const problem = scatteredCustomers(40, 3);
    const plan = planRoutes(problem, { maxIterations: 200 });
    expect(plan.distance).toBeCloseTo(solutionDistance(problem, plan.solution), 9);
    expect(plan.vehiclesUsed).toBe(plan.solution.routes.filter((r) => r.length > 0).length);
  });

  it('gives the same plan for the same seed and iteration count', () => {
    const problem = scatteredCustomers(40, 5);
    const first = planRoutes(problem, { maxIterations: 300, seed: 7 });
    const second = planRoutes(problem, { maxIterations: 300, seed: 7 });
    expect(second.solution).toEqual(first.solution);
    expect(second.iterations).toBe(300);
  });

  it('shortens the plan as it searches longer', () => {
    const problem = scatteredCustomers(60, 11);
    const short = planRoutes(problem, { maxIterations: 1 });
    const long = planRoutes(problem, { maxIterations: 2000 });
    expect(long.distance).toBeLessThan(short.distance);
  });

  it('stops when the time budget is spent', () => {
    let now = 0;
    // Each reading of the clock advances it by 1 ms: the budget is counted in readings.
    const plan = planRoutes(scatteredCustomers(30, 2), {
      timeLimitMs: 50,
      clock: () => now++,
    });
    expect(plan.iterations).toBeGreaterThan(0);
    expect(plan.iterations).toBeLessThan(50);
  });

  it('reports its first locally optimal plan between the construction and the end', () => {
    let now = 0;
    const plan = planRoutes(scatteredCustomers(40, 3), {
      timeLimitMs: 5000,
      clock: () => now++,
    });
    expect(plan.firstPlanMs).toBeGreaterThan(plan.constructionMs);
    expect(plan.firstPlanMs).toBeLessThan(plan.elapsedMs);
  });

  it('serves the stops regret-3 leaves out when the fleet is tight but has room', () => {
    const base = scatteredCustomers(30, 2);
    const problem = { ...base, vehicles: base.vehicles.slice(0, 3) };
    const constructed = new RouteSet(compileProblem(problem));
    insertByRegret(constructed, Array.from(constructed.problem.stops), 3);
    expect(constructed.unassignedCount()).toBe(3);
    const plan = planRoutes(problem, { maxIterations: 400, timeLimitMs: 1e9 });
    expect(checkSolution(problem, plan.solution, { requireAllAssigned: true })).toEqual([]);
  });

  it('keeps pinned stops on their vehicle', () => {
    const problem = {
      ...scatteredCustomers(30, 4),
      pins: [1, 2, 3].map((stop) => ({ stop, vehicle: 9 })),
    };
    const { solution } = planRoutes(problem, { maxIterations: 300 });
    expect(checkSolution(problem, solution, { requireAllAssigned: true })).toEqual([]);
    expect(solution.routes[9]).toEqual(expect.arrayContaining([1, 2, 3]));
  });

  it('leaves unassigned a stop no vehicle can reach in time, and serves the rest', () => {
    const problem = scatteredCustomers(20, 8);
    const nodes = problem.nodes.map((node, i) =>
      i === 5 ? { ...node, windowStart: 0, windowEnd: 1 } : node,
    );
    const { solution } = planRoutes({ ...problem, nodes }, { maxIterations: 100 });
    expect(solution.unassigned).toEqual([5]);
  });

  it('returns at once when there is nothing to plan', () => {
    const problem = { ...scatteredCustomers(5, 1), stops: [] };
    const plan = planRoutes(problem, { timeLimitMs: 60_000 });
    expect(plan.iterations).toBe(0);
    expect(plan.solution.routes.every((route) => route.length === 0)).toBe(true);
  });

  it('gives a far stop with a tight window to the fast vehicle when the slow one would be late', () => {
    // Depot 0, stops on a line at 10, 20 and 100; stop 3 must be served by 120.
    const at = [0, 10, 20, 100];
    const n = at.length;
    const matrix = Array.from({ length: n * n }, (_, i) =>
      Math.abs(at[Math.floor(i / n)]! - at[i % n]!),
    );
    const open = { windowStart: 0, windowEnd: 1000, serviceTime: 0, demand: 1 };
    const problem: RoutingProblem = {
      nodes: [open, open, open, { ...open, windowEnd: 120 }],
      stops: [1, 2, 3],
      vehicles: [
        // A bike, listed first: 160 to reach stop 3.
        { startNode: 0, capacity: 10, earliestDeparture: 0, latestEnd: 1000, travelFactor: 1.6 },
        { startNode: 0, capacity: 10, earliestDeparture: 0, latestEnd: 1000 },
      ],
      travelTimes: matrix,
      distances: matrix,
    };
    const { solution } = planRoutes(problem, { maxIterations: 100 });
    expect(checkSolution(problem, solution, { requireAllAssigned: true })).toEqual([]);
    expect(solution.routes[1]).toContain(3);
  });

  it('spreads the stops so that no route holds more than its vehicle may take', () => {
    const base = scatteredCustomers(40, 6);
    const problem = { ...base, vehicles: base.vehicles.map((v) => ({ ...v, maxStops: 5 })) };
    const { solution } = planRoutes(problem, { maxIterations: 300 });
    expect(checkSolution(problem, solution, { requireAllAssigned: true })).toEqual([]);
    expect(Math.max(...solution.routes.map((route) => route.length))).toBeLessThanOrEqual(5);
  });

  it('plans open routes for couriers who start where they are', () => {
    const base = scatteredCustomers(20, 9);
    const problem: RoutingProblem = {
      ...base,
      vehicles: [
        { startNode: 0, capacity: 100, earliestDeparture: 0, latestEnd: 1000 },
        { startNode: 0, capacity: 100, earliestDeparture: 100, latestEnd: 1000, usedLoad: 30 },
      ],
    };
    const { solution } = planRoutes(problem, { maxIterations: 200 });
    expect(checkSolution(problem, solution)).toEqual([]);
  });
});
