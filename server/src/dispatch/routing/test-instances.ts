import { compileProblem, type CompiledProblem } from './compiled';
import { nearestStops } from './neighbours';
import { euclideanMatrix, type RoutingProblem, type Solution } from './problem';
import { Random } from './random';
import { Recreate } from './recreate';
import { RouteSet } from './route-set';
import { DEFAULT_RUIN, StringRuin } from './ruin';

/**
 * A depot at the origin (node 0) and six stops around it (nodes 1 to 6) with wide windows,
 * served by three vehicles of `capacity` from and back to the depot. `demands` are the six
 * stops' demands, in node order.
 */
export function sixStopsAroundDepot(demands: readonly number[], capacity: number): RoutingProblem {
  const xs = [0, 10, 12, 0, 2, -10, -12];
  const ys = [0, 0, 2, 10, 12, 0, -2];
  const matrix = euclideanMatrix(xs, ys);
  return {
    nodes: xs.map((_, i) => ({
      windowStart: 0,
      windowEnd: 1000,
      serviceTime: 5,
      demand: i === 0 ? 0 : demands[i - 1]!,
    })),
    stops: [1, 2, 3, 4, 5, 6],
    vehicles: [0, 1, 2].map(() => ({
      startNode: 0,
      endNode: 0,
      capacity,
      earliestDeparture: 0,
      latestEnd: 1000,
    })),
    travelTimes: matrix,
    distances: matrix,
  };
}

/** The routes of `start` with a string ruin and a recreate over them, seeded 1. */
export function ruinAndRecreateFrom(
  problem: RoutingProblem,
  start: Solution,
): { compiled: CompiledProblem; routes: RouteSet; ruin: StringRuin; recreate: Recreate } {
  const compiled = compileProblem(problem);
  const routes = new RouteSet(compiled);
  routes.load(start);
  const random = new Random(1);
  const ruin = new StringRuin(compiled, nearestStops(compiled, 10), random, DEFAULT_RUIN);
  const recreate = new Recreate(compiled, new Float64Array(compiled.nodeCount), random);
  return { compiled, routes, ruin, recreate };
}
