import type { RoutingProblem } from '../routing/problem';

/** A route's lateness and finishing time, seconds. */
interface RouteCost {
  lateSeconds: number;
  endSeconds: number;
}

/**
 * Places stops the planner could not fit on time into the routes (changed in place) where they
 * add the least lateness (then the least time), most urgent first: every order of the day is
 * still driven, late. Window ends and shift ends are not enforced here, only measured.
 */
export function placeLate(
  problem: RoutingProblem,
  routes: number[][],
  stops: readonly number[],
): void {
  const byUrgency = [...stops].sort(
    (a, b) => problem.nodes[a]!.windowEnd - problem.nodes[b]!.windowEnd || a - b,
  );
  for (const stop of byUrgency) {
    let best: { vehicle: number; index: number; lateSeconds: number; addedSeconds: number } | null =
      null;
    for (let vehicle = 0; vehicle < routes.length; vehicle++) {
      const route = routes[vehicle]!;
      const before = routeCost(problem, vehicle, route);
      for (let index = 0; index <= route.length; index++) {
        const trial = [...route.slice(0, index), stop, ...route.slice(index)];
        const after = routeCost(problem, vehicle, trial);
        const lateSeconds = after.lateSeconds - before.lateSeconds;
        const addedSeconds = after.endSeconds - before.endSeconds;
        if (
          !best ||
          lateSeconds < best.lateSeconds ||
          (lateSeconds === best.lateSeconds && addedSeconds < best.addedSeconds)
        ) {
          best = { vehicle, index, lateSeconds, addedSeconds };
        }
      }
    }
    if (!best) throw new RangeError('no route to place a late stop on');
    const { vehicle, index } = best;
    routes[vehicle]!.splice(index, 0, stop);
  }
}

/** Lateness summed over a route's stops, and when its last service ends. */
function routeCost(
  problem: RoutingProblem,
  vehicleIndex: number,
  route: readonly number[],
): RouteCost {
  const vehicle = problem.vehicles[vehicleIndex]!;
  const n = problem.nodes.length;
  let time = vehicle.earliestDeparture;
  let at = vehicle.startNode;
  let lateSeconds = 0;
  for (const stop of route) {
    const node = problem.nodes[stop]!;
    const arrival = time + problem.travelTimes[at * n + stop]!;
    lateSeconds += Math.max(0, arrival - node.windowEnd);
    time = Math.max(arrival, node.windowStart) + node.serviceTime;
    at = stop;
  }
  return { lateSeconds, endSeconds: time };
}
