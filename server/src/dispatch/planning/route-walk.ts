import type { RoutingProblem } from '../routing/problem';

/**
 * Drives a route at its vehicle's pace (travel factor included), waiting when early, and calls
 * `onStop` with each stop's service start and the leg that led there. Returns when the last
 * service ends and where.
 */
export function walkRoute(
  problem: RoutingProblem,
  vehicleIndex: number,
  route: readonly number[],
  onStop: (stop: number, startSeconds: number, legSeconds: number) => void,
): { endSeconds: number; lastNode: number } {
  const vehicle = problem.vehicles[vehicleIndex]!;
  const factor = vehicle.travelFactor ?? 1;
  const n = problem.nodes.length;
  let time = vehicle.earliestDeparture;
  let at = vehicle.startNode;
  for (const stop of route) {
    const node = problem.nodes[stop]!;
    const leg = problem.travelTimes[at * n + stop]! * factor;
    const start = Math.max(time + leg, node.windowStart);
    onStop(stop, start, leg);
    time = start + node.serviceTime;
    at = stop;
  }
  return { endSeconds: time, lastNode: at };
}
