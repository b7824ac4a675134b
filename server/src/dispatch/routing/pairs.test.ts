import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkSolution, solutionDistance, type Violation } from './checker';
import { compileProblem } from './compiled';
import { insertByRegret, insertCheapest } from './insertion';
import { insertByLazyRegret } from './lazy-regret';
import { improveRoutes } from './local-search';
import { Moves } from './moves';
import { nearestStops } from './neighbours';
import { cheapestPairIn, type PairPlace } from './pair-insertion';
import { PairRelocation } from './pair-moves';
import { planRoutes } from './planner';
import type { RoutingProblem } from './problem';
import { Random } from './random';
import { Recreate } from './recreate';
import { RouteSet } from './route-set';
import { DEFAULT_RUIN, StringRuin } from './ruin';
import {
  pairedProblemArbitrary,
  pairRouteFeasible,
  scatteredPairs,
} from '../../../../test/harness/lilim/random-pairs';

/** Wide windows and small demands: routes of several stops, where every move has room to apply. */
const LONG_ROUTES = { maxStops: 10, maxVehicles: 3, maxWindowWidth: 300, maxDemand: 4 };

function scattered(problem: RoutingProblem, seed: number): RouteSet {
  const routes = new RouteSet(compileProblem(problem));
  routes.load(scatteredPairs(problem, seed));
  return routes;
}

/** Every violation but unassigned stops, which a partial plan may leave. */
function violations(problem: RoutingProblem, routes: RouteSet): Violation[] {
  return checkSolution(problem, routes.toSolution());
}

describe('cheapestPairIn', () => {
  it('finds the cheapest places the checker accepts, or none when the checker accepts none', () => {
    fc.assert(
      fc.property(pairedProblemArbitrary(LONG_ROUTES), fc.nat(), (problem, seed) => {
        const routes = scattered(problem, seed);
        const place: PairPlace = { position: -1, cost: Infinity };
        for (const { pickup, delivery } of problem.pairs ?? []) {
          if (routes.routeOf[pickup] !== -1) continue;
          for (const route of routes.routes) {
            const stops = route.stops();
            let best = Infinity;
            for (let i = 0; i <= stops.length; i++) {
              for (let j = i; j <= stops.length; j++) {
                const tried = [...stops];
                tried.splice(j, 0, delivery);
                tried.splice(i, 0, pickup);
                if (!pairRouteFeasible(problem, route.vehicle, tried)) continue;
                const others = problem.vehicles.map((_, v) => (v === route.vehicle ? tried : []));
                const added =
                  solutionDistance(problem, { routes: others, unassigned: [] }) -
                  solutionDistance(problem, {
                    routes: others.map((r, v) => (v === route.vehicle ? stops : r)),
                    unassigned: [],
                  });
                best = Math.min(best, added);
              }
            }
            const found = cheapestPairIn(route, pickup, delivery, place);
            expect(found).toBe(best < Infinity);
            if (found) expect(place.cost).toBeCloseTo(best, 9);
          }
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('construction with pairs', () => {
  const builders = {
    'regret-1': (routes: RouteSet, stops: readonly number[]) => insertByRegret(routes, stops, 1),
    'regret-3': (routes: RouteSet, stops: readonly number[]) => insertByRegret(routes, stops, 3),
    'cached regret-3 (falls back to regret-3)': (routes: RouteSet, stops: readonly number[]) =>
      insertByLazyRegret(routes, stops, 3),
    cheapest: insertCheapest,
  };
  for (const [name, build] of Object.entries(builders)) {
    it(`${name} keeps pairs whole, pickups first, loads within capacity`, () => {
      fc.assert(
        fc.property(pairedProblemArbitrary(), (problem) => {
          const routes = new RouteSet(compileProblem(problem));
          const left = build(routes, problem.stops);
          const solution = routes.toSolution();
          expect(checkSolution(problem, solution)).toEqual([]);
          expect([...left].sort()).toEqual([...solution.unassigned].sort());
        }),
        { numRuns: 150 },
      );
    });
  }
});

type Operator = (moves: Moves, routes: RouteSet, u: number, v: number) => boolean;

const operators: Record<string, Operator> = {
  'relocate after': (m, r, u, v) =>
    m.segmentTo(u, 1, r.routes[r.routeOf[v]!]!, r.positionOf[v]!, false),
  'relocate before': (m, r, u, v) =>
    m.segmentTo(u, 1, r.routes[r.routeOf[v]!]!, r.positionOf[v]! - 1, false),
  'or-opt of 2': (m, r, u, v) =>
    m.segmentTo(u, 2, r.routes[r.routeOf[v]!]!, r.positionOf[v]!, false),
  'or-opt of 3, reversed': (m, r, u, v) =>
    m.segmentTo(u, 3, r.routes[r.routeOf[v]!]!, r.positionOf[v]! - 1, true),
  swap: (m, _r, u, v) => m.swap(u, v),
  '2-opt*': (m, _r, u, v) => m.tailExchange(u, v),
  '2-opt': (m, _r, u, v) => m.reverse(u, v),
};

/** Counts applied moves per operator over all runs, so a property that never fires is noticed. */
const applied: Record<string, number> = {};

describe('local search with pairs', () => {
  const check = (problem: RoutingProblem, routes: RouteSet, before: number) => {
    const solution = routes.toSolution();
    expect(checkSolution(problem, solution)).toEqual([]);
    expect(routes.totalDistance()).toBeLessThan(before);
    expect(routes.totalDistance()).toBeCloseTo(solutionDistance(problem, solution), 9);
  };

  for (const [name, operator] of Object.entries(operators)) {
    it(`${name} keeps pairs whole, pickups first, loads within capacity`, () => {
      applied[name] = 0;
      fc.assert(
        fc.property(pairedProblemArbitrary(LONG_ROUTES), fc.nat(), (problem, seed) => {
          const routes = scattered(problem, seed);
          const moves = new Moves(routes);
          for (const u of problem.stops) {
            for (const v of problem.stops) {
              if (u === v || routes.routeOf[u]! < 0 || routes.routeOf[v]! < 0) continue;
              const before = routes.totalDistance();
              if (!operator(moves, routes, u, v)) continue;
              applied[name]!++;
              check(problem, routes, before);
            }
          }
        }),
        { numRuns: 200 },
      );
      expect(applied[name]).toBeGreaterThan(0);
    });
  }

  it('pair relocation moves a pair whole to its cheapest places, within or between routes', () => {
    let moved = 0;
    fc.assert(
      fc.property(pairedProblemArbitrary(LONG_ROUTES), fc.nat(), (problem, seed) => {
        const routes = scattered(problem, seed);
        const relocation = new PairRelocation(routes);
        for (const u of problem.stops) {
          for (const target of routes.routes) {
            if (routes.routeOf[u]! < 0) continue;
            const before = routes.totalDistance();
            if (!relocation.relocate(u, target)) continue;
            moved++;
            check(problem, routes, before);
          }
        }
      }),
      { numRuns: 200 },
    );
    expect(moved).toBeGreaterThan(0);
  });

  it('improveRoutes ends with valid routes no longer than it started with', () => {
    fc.assert(
      fc.property(pairedProblemArbitrary(LONG_ROUTES), fc.nat(), (problem, seed) => {
        const routes = scattered(problem, seed);
        const before = routes.totalDistance();
        improveRoutes(routes, nearestStops(routes.problem, 30), new Random(seed));
        expect(violations(problem, routes)).toEqual([]);
        expect(routes.totalDistance()).toBeLessThanOrEqual(before + 1e-9);
      }),
      { numRuns: 150 },
    );
  });
});

describe('ruin and recreate with pairs', () => {
  it('removes both stops of every pair it touches and puts pairs back whole', () => {
    fc.assert(
      fc.property(
        pairedProblemArbitrary(LONG_ROUTES),
        fc.nat(),
        fc.boolean(),
        (problem, seed, nearby) => {
          const routes = scattered(problem, seed);
          const compiled = routes.problem;
          const random = new Random(seed);
          const neighbours = nearestStops(compiled, 10);
          const ruin = new StringRuin(compiled, neighbours, random, DEFAULT_RUIN);
          const recreate = new Recreate(compiled, new Float64Array(compiled.nodeCount), random, {
            nearby: nearby ? neighbours : undefined,
          });
          const count = ruin.run(routes);
          const removed = new Set(ruin.removed.subarray(0, count));
          for (const { pickup, delivery } of problem.pairs ?? [])
            expect(removed.has(pickup)).toBe(removed.has(delivery));
          // Taking stops out may make a later one late (no triangle inequality), nothing more.
          const kinds = violations(problem, routes).map((violation) => violation.kind);
          expect(kinds.filter((kind) => kind !== 'window' && kind !== 'shift_end')).toEqual([]);
          const failed = recreate.run(routes, ruin.removed, count);
          expect(routes.unassignedCount()).toBeGreaterThanOrEqual(failed);
          if (routes.changedRoutesFeasible()) expect(violations(problem, routes)).toEqual([]);
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('planRoutes with pairs', () => {
  it('returns only valid routes: pairs whole, pickups first, loads within capacity', () => {
    fc.assert(
      fc.property(pairedProblemArbitrary(), fc.nat(), (problem, seed) => {
        const { solution } = planRoutes(problem, { maxIterations: 50, seed });
        expect(checkSolution(problem, solution)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });

  it('returns valid routes when vehicles count first', () => {
    fc.assert(
      fc.property(pairedProblemArbitrary(LONG_ROUTES), fc.nat(), (problem, seed) => {
        const plan = planRoutes(problem, { maxIterations: 60, seed, minimiseVehicles: true });
        expect(checkSolution(problem, plan.solution)).toEqual([]);
      }),
      { numRuns: 100 },
    );
  });

  it('returns valid routes when every stop is in a pair', () => {
    fc.assert(
      fc.property(
        pairedProblemArbitrary({ ...LONG_ROUTES, allPaired: true }),
        fc.nat(),
        (problem, seed) => {
          const { solution } = planRoutes(problem, { maxIterations: 100, seed });
          expect(checkSolution(problem, solution)).toEqual([]);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('delivers one load before picking up the next when both would not fit at once', () => {
    // Depot 0; pickups 1 and 3 near it, deliveries 2 and 4 far out; each load 6 of capacity 10.
    const xs = [0, 1, 10, 2, 11];
    const n = xs.length;
    const matrix = Array.from({ length: n * n }, (_, k) =>
      Math.abs(xs[Math.floor(k / n)]! - xs[k % n]!),
    );
    const node = (demand: number) => ({ windowStart: 0, windowEnd: 1000, serviceTime: 0, demand });
    const problem: RoutingProblem = {
      nodes: [node(0), node(6), node(-6), node(6), node(-6)],
      stops: [1, 2, 3, 4],
      vehicles: [{ startNode: 0, endNode: 0, capacity: 10, earliestDeparture: 0, latestEnd: 1000 }],
      travelTimes: matrix,
      distances: matrix,
      pairs: [
        { pickup: 1, delivery: 2 },
        { pickup: 3, delivery: 4 },
      ],
    };
    const { solution } = planRoutes(problem, { maxIterations: 50 });
    expect(checkSolution(problem, solution, { requireAllAssigned: true })).toEqual([]);
    const route = solution.routes[0]!;
    expect(route.indexOf(2)).toBe(route.indexOf(1) + 1);
    expect(route.indexOf(4)).toBe(route.indexOf(3) + 1);
  });
});
