import { compileProblem, type CompiledProblem } from './compiled';
import { markUsed, minimiseFleet } from './fleet-minimisation';
import { LeftOutSearch, unplaceableAlone } from './left-out';
import { insertByRegret, insertCheapest } from './insertion';
import { insertByLazyRegret } from './lazy-regret';
import { improveRoutes } from './local-search';
import { narrowNeighbours, nearestStops } from './neighbours';
import type { RoutingProblem, Solution } from './problem';
import { Random } from './random';
import { Recreate } from './recreate';
import { RouteSet } from './route-set';
import { DEFAULT_RUIN, StringRuin, type RuinParameters } from './ruin';

/** How long and how the planner searches. */
export interface PlanOptions {
  /**
   * Wall-clock budget of the whole call, construction and local search included; 1000 ms by
   * default. A plan always comes back: if construction is cut short, the remaining stops go
   * in by cheapest insertion.
   */
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
  /**
   * Fewest vehicles first, then distance (the objective of the Li & Lim and Solomon records):
   * part of the search empties routes (`minimiseFleet`) and no route opens after it. Off by
   * default: distance only.
   */
  minimiseVehicles?: boolean;
  /** Milliseconds clock; `performance.now` by default. */
  clock?: () => number;
}

/** A plan and how it was found. */
export interface PlanResult {
  solution: Solution;
  distance: number;
  vehiclesUsed: number;
  iterations: number;
  /** Time spent building the first solution, before any local search. */
  constructionMs: number;
  /**
   * Time from the call to the first locally optimal plan: construction, the first local search
   * and, when the construction left stops out that could be placed, the rounds that placed
   * them and another local search.
   */
  firstPlanMs: number;
  elapsedMs: number;
}

/** Neighbours each stop tries in local search. */
const LOCAL_SEARCH_WIDTH = 30;
/** Neighbours a ruin walks through looking for routes to cut. */
const RUIN_WIDTH = 100;
/**
 * Above this many stops × vehicles (Solomon's 100 × 25 is below) a problem is large: it is
 * built by the cached regret-3 (the same choices as plain regret-3 when travel times obey the
 * triangle inequality, at a fraction of the rescanning), and recreate tries a freed stop on
 * the routes near it before all others.
 */
const LARGE_PROBLEM = 10_000;
/** Largest share of the budget kept back for the final local search. */
const FINAL_SEARCH_SHARE = 0.03;
/**
 * Share of the search (time, or rounds when counted) spent emptying routes when vehicles count
 * first.
 */
const FLEET_SHARE = 0.5;

/**
 * Plans routes for all stops over the vehicles: regret-3 construction, local search, (with
 * `minimiseVehicles`: fleet minimisation,) then ruin-and-recreate with string removals (SISR)
 * under simulated annealing until the budget is nearly spent, and a final local search. Every
 * phase watches the deadline except the construction of a small problem. Minimises unassigned
 * stops first, then distance (with `minimiseVehicles`: then vehicles, then distance).
 */
export function planRoutes(problem: RoutingProblem, options: PlanOptions = {}): PlanResult {
  const clock = options.clock ?? (() => performance.now());
  const began = clock();
  const compiled = compileProblem(problem);
  const random = new Random(options.seed ?? 1);
  const timeLimitMs = options.timeLimitMs ?? 1000;
  const deadline = began + timeLimitMs;
  const outOfTime = () => clock() >= deadline;
  const maxIterations = options.maxIterations ?? Infinity;
  const ruinNeighbours = nearestStops(compiled, RUIN_WIDTH);
  const lsNeighbours = narrowNeighbours(ruinNeighbours, LOCAL_SEARCH_WIDTH);

  const constructionBegan = clock();
  let current = new RouteSet(compiled);
  construct(current, outOfTime);
  const searchBegan = clock();
  improveRoutes(current, lsNeighbours, random, outOfTime);
  // The final local search starts from a better plan than the first, so it needs no longer.
  const finalSearchMs = Math.min(clock() - searchBegan, FINAL_SEARCH_SHARE * timeLimitMs);
  const searchDeadline = deadline - finalSearchMs;
  const ruin = new StringRuin(compiled, ruinNeighbours, random, {
    ...DEFAULT_RUIN,
    ...options.ruin,
  });
  const large = compiled.stops.length * compiled.vehicleCount > LARGE_PROBLEM;
  const recreate = new Recreate(compiled, depotDistances(compiled), random, {
    nearby: large ? lsNeighbours : undefined,
  });
  // Regret-3 opens routes freely, so on a tight fleet it can leave stops out that fit.
  const placeDeadline = clock() + FLEET_SHARE * (searchDeadline - clock());
  let placeRounds = 0;
  const placeDone = () => placeRounds++ >= FLEET_SHARE * maxIterations || clock() >= placeDeadline;
  if (placeLeftOut(current, ruin, recreate, placeDone))
    improveRoutes(current, lsNeighbours, random, outOfTime);
  const firstPlanMs = clock() - began;

  // Vehicles first: a vehicle outweighs any distance, a stop left out any number of vehicles.
  const outweighsDistance = unassignedPenalty(compiled);
  const vehiclePenalty = options.minimiseVehicles ? outweighsDistance : 0;
  const penalty = outweighsDistance * (options.minimiseVehicles ? compiled.vehicleCount + 1 : 1);
  const cost = (routes: RouteSet) =>
    routes.totalDistance() +
    penalty * routes.unassignedCount() +
    (vehiclePenalty > 0 ? vehiclePenalty * routes.usedVehicleCount() : 0);
  let currentCost = cost(current);
  const best = new RouteSet(compiled);
  best.copyFrom(current);
  let bestCost = currentCost;

  const arcs = Math.max(1, compiled.stops.length + current.usedVehicleCount());
  const meanArc = current.totalDistance() / arcs || 1;
  // Tuned on the Solomon instances for about 30,000 rounds; scaled so other units behave alike.
  const startTemperature = options.initialTemperature ?? 3 * meanArc;
  const endTemperature = options.finalTemperature ?? 0.03 * meanArc;
  let annealBegan = began;
  if (options.minimiseVehicles && current.unassignedCount() === 0) {
    const fleetDeadline = clock() + FLEET_SHARE * (searchDeadline - clock());
    const fleetRounds = FLEET_SHARE * maxIterations;
    let rounds = 0;
    minimiseFleet(
      current,
      ruin,
      recreate,
      () => rounds++ >= fleetRounds || clock() >= fleetDeadline,
    );
    // The annealing keeps to the vehicles now in use.
    recreate.usable = new Uint8Array(compiled.vehicleCount);
    markUsed(current, recreate.usable);
    currentCost = bestCost = cost(current);
    best.copyFrom(current);
    annealBegan = clock();
  }
  let candidate = new RouteSet(compiled);
  candidate.copyFrom(current);
  current.touched.fill(0);
  candidate.touched.fill(0);

  let iterations = 0;
  // With nothing on any route there is nothing to ruin.
  while (current.assignedCount() > 0) {
    const now = clock();
    if (iterations >= maxIterations || now >= searchDeadline) break;
    const progress = Number.isFinite(maxIterations)
      ? iterations / maxIterations
      : (now - annealBegan) / (searchDeadline - annealBegan);
    const temperature =
      startTemperature > 0
        ? startTemperature * Math.pow(endTemperature / startTemperature, progress)
        : 0;
    let count = ruin.run(candidate);
    // Stops still out try again with the freed ones.
    if (candidate.unassignedCount() > count) count = appendLeftOut(candidate, ruin.removed, count);
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
  improveRoutes(best, lsNeighbours, random, outOfTime);
  return {
    solution: best.toSolution(),
    distance: best.totalDistance(),
    vehiclesUsed: best.usedVehicleCount(),
    iterations,
    constructionMs: searchBegan - constructionBegan,
    firstPlanMs,
    elapsedMs: clock() - began,
  };
}

/**
 * The first solution: regret-3 over every stop, cached for large problems, where it also
 * watches the clock; stops it left out (no time, or a place it missed) get a last try by
 * cheapest insertion.
 */
function construct(routes: RouteSet, outOfTime: () => boolean): void {
  const p = routes.problem;
  const stops = Array.from(p.stops);
  if (stops.length * p.vehicleCount <= LARGE_PROBLEM) {
    insertByRegret(routes, stops, 3);
    return;
  }
  const left = insertByLazyRegret(routes, stops, 3, outOfTime);
  if (left.length > 0) insertCheapest(routes, left);
}

/**
 * Works stops the construction left out back in (`LeftOutSearch`) until all that could ride
 * alone on some vehicle have a place or `shouldStop` answers true; `routes` becomes the plan
 * that leaves the fewest out. True when that placed any.
 */
function placeLeftOut(
  routes: RouteSet,
  ruin: StringRuin,
  recreate: Recreate,
  shouldStop: () => boolean,
): boolean {
  let bestOut = routes.unassignedCount();
  const floor = bestOut === 0 ? 0 : unplaceableAlone(routes);
  if (bestOut <= floor) return false;
  const startOut = bestOut;
  const search = new LeftOutSearch(routes.problem, ruin, recreate);
  search.reset(routes);
  while (bestOut > floor && !shouldStop()) {
    const out = search.round();
    if (out < bestOut) {
      bestOut = out;
      routes.copyFrom(search.current);
    }
  }
  routes.touched.fill(0);
  return bestOut < startOut;
}

/**
 * Appends the stops out of `routes` that are not among the first `count` of `removed` (which
 * are out too); returns the new count.
 */
function appendLeftOut(routes: RouteSet, removed: Int32Array, count: number): number {
  const freed = new Set(removed.subarray(0, count));
  let total = count;
  for (const stop of routes.problem.stops)
    if (routes.routeOf[stop] === -1 && !freed.has(stop)) removed[total++] = stop;
  return total;
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
