import { compileProblem } from './compiled';
import { Moves } from './moves';
import { nearestStops, type NeighbourLists } from './neighbours';
import { PairRelocation } from './pair-moves';
import type { RoutingProblem, Solution } from './problem';
import { Random } from './random';
import { RouteSet } from './route-set';

/** Longest run of consecutive stops or-opt moves at once. */
const MAX_SEGMENT = 3;
/** Stops examined between two looks at `shouldStop`, besides one per pass. */
const STOP_CHECK_INTERVAL = 256;

/**
 * First-improvement local search over each stop and its nearest stops: relocate and or-opt
 * (segments of 1–3, either way round, within or between routes), swap, 2-opt* and 2-opt.
 * With pairs, also pair relocation: a stop's pair to its cheapest places in the route of each
 * nearby stop (its own included). Every applied move keeps every route feasible and lowers
 * the total distance; stops when no move does or `shouldStop` answers true. Returns the number
 * of moves applied.
 */
export function improveRoutes(
  routes: RouteSet,
  neighbours: NeighbourLists,
  random: Random,
  shouldStop: () => boolean = () => false,
): number {
  const moves = new Moves(routes);
  const { routeOf, positionOf } = routes;
  const order = Int32Array.from(routes.problem.stops);
  const { width, list } = neighbours;
  const pairs = routes.problem.hasPairs ? new PairRelocation(routes) : null;
  /** Per route, the turn of the stop whose pair was last tried there (once per route per turn). */
  const triedAt = new Int32Array(routes.problem.vehicleCount);
  let turn = 0;
  let applied = 0;
  let improved = true;
  let examined = 0;
  while (improved && !shouldStop()) {
    improved = false;
    random.shuffle(order);
    for (const u of order) {
      if (++examined % STOP_CHECK_INTERVAL === 0 && shouldStop()) return applied;
      if (routeOf[u]! < 0) continue;
      turn++;
      for (let n = 0; n < width; n++) {
        const v = list[u * width + n]!;
        if (routeOf[v]! < 0) continue;
        if (tryPair(moves, routes, u, v, positionOf[v]!)) {
          improved = true;
          applied++;
          break;
        }
        const r = routeOf[v]!;
        if (pairs && triedAt[r] !== turn) {
          triedAt[r] = turn;
          if (pairs.relocate(u, routes.routes[r]!)) {
            improved = true;
            applied++;
            break;
          }
        }
      }
    }
  }
  return applied;
}

function tryPair(moves: Moves, routes: RouteSet, u: number, v: number, j: number): boolean {
  const target = routes.routes[routes.routeOf[v]!]!;
  for (let length = 1; length <= MAX_SEGMENT; length++) {
    if (moves.segmentTo(u, length, target, j, false)) return true;
    if (moves.segmentTo(u, length, target, j - 1, length > 1)) return true;
    if (length > 1 && moves.segmentTo(u, length, target, j, true)) return true;
    if (length > 1 && moves.segmentTo(u, length, target, j - 1, false)) return true;
  }
  return moves.swap(u, v) || moves.tailExchange(u, v) || moves.reverse(u, v);
}

/** Options of the stand-alone local search. */
export interface LocalSearchOptions {
  seed?: number;
  /** How many nearest stops each stop tries moves with. */
  neighbourCount?: number;
}

/**
 * A locally optimal copy of `solution`: infeasible routes only change when a move repairs them,
 * and unassigned stops stay unassigned.
 */
export function localSearch(
  problem: RoutingProblem,
  solution: Solution,
  options: LocalSearchOptions = {},
): Solution {
  const compiled = compileProblem(problem);
  const routes = new RouteSet(compiled);
  routes.load(solution);
  improveRoutes(
    routes,
    nearestStops(compiled, options.neighbourCount ?? 30),
    new Random(options.seed ?? 1),
  );
  return routes.toSolution();
}
