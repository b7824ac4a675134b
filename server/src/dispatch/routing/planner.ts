import { compileProblem, type CompiledProblem } from './compiled';
import { insertByRegret } from './insertion';
import { improveRoutes } from './local-search';
import { nearestStops } from './neighbours';
import type { RoutingProblem, Solution } from './problem';
import { Random } from './random';
import { Recreate } from './recreate';
import { RouteSet } from './route-set';
import { DEFAULT_RUIN, StringRuin, type RuinParameters } from './ruin';

/** How long and how the planner searches. */
export interface PlanOptions {
  /** Wall-clock budget; 1000 ms by default. */
  timeLimitMs?: number;
  /**
   * Stop after this many ruin-and-recreate rounds. The annealing then follows rounds instead of
   * time, so the plan depends only on the seed, unless the time limit (still applied) comes first.
   */
  maxIterations?: number;
  seed?: number;
  /** Annealing temperatures, in distance units; by default scaled to the first solution's average arc. */
  initialTemperature?: number;
  finalTemperature?: number;
  ruin?: Partial<RuinParameters>;
  /** Milliseconds clock; `performance.now` by default. */
  clock?: () => number;
}

/** A plan and how it was found. */
export interface PlanResult {
  solution: Solution;
  distance: number;
  vehiclesUsed: number;
  iterations: number;
  elapsedMs: number;
}

/** Neighbours each stop tries in local search. */
const LOCAL_SEARCH_WIDTH = 30;
/** Neighbours a ruin walks through looking for routes to cut. */
const RUIN_WIDTH = 100;

/**
 * Plans routes for all stops over the vehicles: regret-3 construction, local search, then
 * ruin-and-recreate with string removals (SISR) under simulated annealing until the budget is
 * spent, and a final local search. Minimises unassigned stops first, then distance.
 */
export function planRoutes(problem: RoutingProblem, options: PlanOptions = {}): PlanResult {
  const clock = options.clock ?? (() => performance.now());
  const began = clock();
  const compiled = compileProblem(problem);
  const random = new Random(options.seed ?? 1);
  const timeLimitMs = options.timeLimitMs ?? 1000;
  const maxIterations = options.maxIterations ?? Infinity;
  const lsNeighbours = nearestStops(compiled, LOCAL_SEARCH_WIDTH);

  let current = new RouteSet(compiled);
  insertByRegret(current, Array.from(compiled.stops), 3);
  improveRoutes(current, lsNeighbours, random);

  const penalty = unassignedPenalty(compiled);
  const cost = (routes: RouteSet) => routes.totalDistance() + penalty * routes.unassignedCount();
  let currentCost = cost(current);
  const best = new RouteSet(compiled);
  best.copyFrom(current);
  let bestCost = currentCost;

  const arcs = Math.max(1, compiled.stops.length + current.usedVehicleCount());
  const meanArc = current.totalDistance() / arcs || 1;
  // Tuned on the Solomon instances for about 30,000 rounds; scaled so other units behave alike.
  const startTemperature = options.initialTemperature ?? 3 * meanArc;
  const endTemperature = options.finalTemperature ?? 0.03 * meanArc;
  const ruin = new StringRuin(compiled, nearestStops(compiled, RUIN_WIDTH), random, {
    ...DEFAULT_RUIN,
    ...options.ruin,
  });
  const recreate = new Recreate(compiled, depotDistances(compiled), random);
  let candidate = new RouteSet(compiled);
  candidate.copyFrom(current);
  current.touched.fill(0);
  candidate.touched.fill(0);

  let iterations = 0;
  // With nothing on any route there is nothing to ruin.
  while (current.assignedCount() > 0) {
    const elapsedMs = clock() - began;
    if (iterations >= maxIterations || elapsedMs >= timeLimitMs) break;
    const progress = Number.isFinite(maxIterations)
      ? iterations / maxIterations
      : elapsedMs / timeLimitMs;
    const temperature =
      startTemperature > 0
        ? startTemperature * Math.pow(endTemperature / startTemperature, progress)
        : 0;
    const count = ruin.run(candidate);
    recreate.run(candidate, ruin.removed, count);
    const candidateCost = cost(candidate);
    const modified = candidate;
    // Removing stops can make a route late when travel times break the triangle inequality.
    const acceptable =
      candidate.changedRoutesFeasible() &&
      candidateCost < currentCost - temperature * Math.log(random.float());
    if (acceptable) {
      [current, candidate] = [candidate, current];
      currentCost = candidateCost;
      if (currentCost < bestCost - 1e-9) {
        best.copyFrom(current);
        bestCost = currentCost;
      }
    }
    // The two sets now differ only in the routes this round changed.
    candidate.syncFrom(current, modified.touched);
    iterations++;
  }
  improveRoutes(best, lsNeighbours, random);
  return {
    solution: best.toSolution(),
    distance: best.totalDistance(),
    vehiclesUsed: best.usedVehicleCount(),
    iterations,
    elapsedMs: clock() - began,
  };
}

/** More than any distance a solution could save, so serving one more stop always wins. */
function unassignedPenalty(problem: CompiledProblem): number {
  let longest = 0;
  for (const value of problem.distance) if (value > longest) longest = value;
  return (longest + 1) * (problem.stops.length + problem.vehicleCount + 1);
}

/** Each node's distance from the nearest vehicle start, for the recreate orders. */
function depotDistances(problem: CompiledProblem): Float64Array {
  const size = problem.nodeCount;
  const starts = [...new Set(problem.startNode)];
  const result = new Float64Array(size).fill(Infinity);
  for (let node = 0; node < size; node++) {
    for (const start of starts) {
      const d = problem.distance[start * size + node]!;
      if (d < result[node]!) result[node] = d;
    }
  }
  return result;
}
