import { courierPath, type LiveCourier, type LivePoint, type LiveStop } from './model';
import type { SuggestOptions } from './options';

/** Why a courier may not take a stop. */
export type Ineligibility =
  | 'current_courier'
  | 'excluded'
  | 'unavailable'
  | 'no_position'
  | 'off_shift'
  | 'no_capacity'
  | 'too_far';

/** Who is asking: the time, and couriers ruled out beyond the rules. */
export interface EligibilityQuery {
  /** Epoch ms. */
  now: number;
  /** The stop's own courier may take it back (a failed attempt re-inserted later). */
  allowCurrentCourier?: boolean;
  excluded?: ReadonlySet<number>;
}

export type DistanceRules = Pick<
  SuggestOptions,
  'maxDistanceMeters' | 'maxDistanceMetersByVehicle'
>;

/** How far a courier may be from a stop it takes. */
export function distanceLimitMeters(courier: LiveCourier, rules: DistanceRules): number {
  const own = rules.maxDistanceMetersByVehicle[courier.vehicle];
  return own === undefined ? rules.maxDistanceMeters : Math.min(own, rules.maxDistanceMeters);
}

/** Distance from a stop to the way the courier will go: from where it is, through its stops. */
export function reachMeters(courier: LiveCourier, stop: LiveStop): number {
  const path = courierPath(courier);
  if (path.length === 0) return Infinity;
  // Local flat metres around the stop: exact enough within a city.
  const cosLat = Math.cos(stop.lat * RAD);
  const xOf = (p: LivePoint) => (p.lng - stop.lng) * cosLat * METERS_PER_DEG;
  const yOf = (p: LivePoint) => (p.lat - stop.lat) * METERS_PER_DEG;
  let best = Math.hypot(xOf(path[0]!), yOf(path[0]!));
  for (let i = 1; i < path.length; i++) {
    const d = originToSegment(xOf(path[i - 1]!), yOf(path[i - 1]!), xOf(path[i]!), yOf(path[i]!));
    if (d < best) best = d;
  }
  return best;
}

const RAD = Math.PI / 180;
const METERS_PER_DEG = 6_371_008.8 * RAD;

/** Distance from (0, 0) to the segment from (ax, ay) to (bx, by). */
function originToSegment(ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const lengthSquared = dx * dx + dy * dy;
  const t =
    lengthSquared === 0 ? 0 : Math.min(1, Math.max(0, -(ax * dx + ay * dy) / lengthSquared));
  return Math.hypot(ax + t * dx, ay + t * dy);
}

/**
 * Why `courier` may not take `stop`, or null when it may: it must be someone else, available,
 * located, on shift until the stop could be served, with room for the demand and near enough
 * for its vehicle (`reach`, when already measured, is not measured again). Whether the stop
 * fits its route in time is the insertion's question.
 */
export function ineligibility(
  courier: LiveCourier,
  stop: LiveStop,
  query: EligibilityQuery,
  rules: DistanceRules,
  reach?: number,
): Ineligibility | null {
  if (courier.id === stop.courierId && !query.allowCurrentCourier) return 'current_courier';
  if (query.excluded?.has(courier.id)) return 'excluded';
  if (!courier.available) return 'unavailable';
  if (!courier.position && !courier.route.some((s) => s.status === 'arrived')) return 'no_position';
  const servedBy = Math.max(query.now, stop.windowStart) + stop.serviceSeconds * 1000;
  if (courier.onShiftUntil < servedBy) return 'off_shift';
  if (courier.load + stop.demand > courier.capacity) return 'no_capacity';
  if ((reach ?? reachMeters(courier, stop)) > distanceLimitMeters(courier, rules)) return 'too_far';
  return null;
}
