import { routeEtas, type StopEta, type TravelTimeProvider } from '../../eta';
import type { LiveCourier, LiveStop } from '../suggest';

/** A courier's open route in one order, chained from where it is now. */
export interface RouteOutlook {
  /** Predicted times per stop id. */
  etas: Map<number, StopEta>;
  /** Seconds of lateness summed over the late stops. */
  lateSeconds: number;
  /** Stops arriving after their window end. */
  lateStopIds: Set<number>;
  /** Seconds spent driving between the stops (serving and waiting left out). */
  driveSeconds: number;
}

/**
 * The route's ETAs in the order given, with the route ETAs of `eta/` (travel, waiting for
 * window starts, service). A courier with no position yet is taken to set off from its first
 * stop now: the comparison between two orders still holds, the absolute times are a guess.
 */
export function routeOutlook(
  courier: Pick<LiveCourier, 'position' | 'vehicle'>,
  order: readonly LiveStop[],
  now: number,
  provider: TravelTimeProvider,
): RouteOutlook {
  const origin = courier.position ?? order[0] ?? null;
  const etas = new Map<number, StopEta>();
  const lateStopIds = new Set<number>();
  let lateSeconds = 0;
  let driveSeconds = 0;
  if (!origin) return { etas, lateSeconds, lateStopIds, driveSeconds };
  const chained = routeEtas(
    provider,
    { lat: origin.lat, lng: origin.lng, at: now },
    courier.vehicle,
    order,
  );
  let leftAt = now;
  for (const eta of chained) {
    const stop = order.find((s) => s.id === eta.stopId);
    if (stop?.status !== 'arrived') driveSeconds += Math.max(0, eta.arriveAt - leftAt) / 1000;
    leftAt = eta.departAt;
    etas.set(eta.stopId, eta);
    if (eta.lateSeconds > 0) {
      lateSeconds += eta.lateSeconds;
      lateStopIds.add(eta.stopId);
    }
  }
  return { etas, lateSeconds, lateStopIds, driveSeconds };
}

/**
 * The courier's route after a move, as the reassignment writes it: the moving stops taken out
 * wherever they were, and, on the receiver, put back as one block at the 1-based `position`
 * (clamped to the route; appended when absent).
 */
export function routeAfterMove(
  route: readonly LiveStop[],
  moving: readonly LiveStop[],
  receives: boolean,
  position?: number,
): LiveStop[] {
  const movingIds = new Set(moving.map((s) => s.id));
  const order = route.filter((s) => !movingIds.has(s.id));
  if (!receives) return order;
  const at = Math.min(Math.max((position ?? order.length + 1) - 1, 0), order.length);
  return [...order.slice(0, at), ...moving, ...order.slice(at)];
}
