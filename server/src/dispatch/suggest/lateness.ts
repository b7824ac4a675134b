import type { TravelTimeProvider } from '../../eta/travel-time';
import { buildCandidateRoute, secondsFrom, workingWindowEnd } from './candidate-route';
import type { LiveCourier } from './model';

/**
 * Predicted lateness in seconds of each stop on a courier's current route, from where it is
 * now, against window ends `windowMarginSeconds` early (the hub's safety margin).
 * `delaySeconds` holds it there first: a stalled or offline courier's route is assumed not
 * to progress for that long. A courier whose whereabouts are unknown is taken to reach each
 * stop no earlier than the end of the delay.
 */
export function currentLatenessSeconds(
  courier: LiveCourier,
  now: number,
  provider: TravelTimeProvider,
  delaySeconds = 0,
  windowMarginSeconds = 0,
): Map<number, number> {
  const lateness = new Map<number, number>();
  const candidate = buildCandidateRoute(
    courier,
    [],
    now,
    provider,
    delaySeconds,
    windowMarginSeconds,
  );
  if (!candidate) {
    for (const stop of courier.route) {
      const end = workingWindowEnd(stop, windowMarginSeconds);
      lateness.set(stop.id, Math.max(0, delaySeconds - secondsFrom(now, end)));
    }
    return lateness;
  }
  const { route, stopOfNode, workingEnd } = candidate;
  const p = route.problem;
  const size = p.nodeCount;
  for (let pos = 1; pos <= route.stopCount; pos++) {
    const node = route.nodes[pos]!;
    const arrival = route.departure[pos - 1]! + p.travel[route.nodes[pos - 1]! * size + node]!;
    lateness.set(stopOfNode[node]!.id, Math.max(0, arrival - workingEnd[node]!));
  }
  return lateness;
}
