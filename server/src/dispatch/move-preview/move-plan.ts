import type { TravelTimeProvider } from '../../eta';
import type { LiveCourier, LiveStop } from '../suggest';
import { buildCandidateRoute } from '../suggest/candidate-route';
import { bestInsertion, type ScoreRules } from '../suggest/insertion';
import { routeAfterMove, routeOutlook, type RouteOutlook } from './route-outlook';

/**
 * How the cheapest place is chosen: each minute added to the route costs a minute, and a place
 * that makes another stop late is taken only when there is no other (then an hour per stop).
 */
export const CHEAPEST_PLACE_RULES: ScoreRules = {
  addedMinuteWeight: 1,
  madeLatePenalty: 60,
  allowCollateral: true,
};

/** Where the moving stops go on the receiver's route, and whether the place keeps every window. */
export interface Placement {
  /** 1-based position of the first moving stop on the receiver's open route. */
  position: number;
  /** False when the place makes another stop late, or breaks the shift end or the capacity. */
  fits: boolean;
}

/**
 * The cheapest place for `moving` (kept together, in order) on `receiver`'s route: the
 * suggestion engine's insertion (O(1) per place for one stop), preferring places that keep every
 * other stop on time. Appended, and said not to fit, when no place holds the shift end or the
 * capacity, or the courier's whereabouts are unknown.
 */
export function cheapestPlacement(
  receiver: LiveCourier,
  moving: readonly LiveStop[],
  now: number,
  provider: TravelTimeProvider,
): Placement {
  const movingIds = new Set(moving.map((s) => s.id));
  const appended = { position: receiver.route.filter((s) => !movingIds.has(s.id)).length + 1 };
  const candidate = buildCandidateRoute(receiver, moving, now, provider);
  if (!candidate) return { ...appended, fits: false };
  const best = bestInsertion(candidate, [], CHEAPEST_PLACE_RULES);
  if (!best) return { ...appended, fits: false };
  return { position: best.insertPosition, fits: best.madeLate.length === 0 };
}

/** One courier a move touches, its route before and after. */
export interface CourierMove {
  courier: LiveCourier;
  before: RouteOutlook;
  after: RouteOutlook;
  /** The route after the move, in order. */
  order: LiveStop[];
}

/** What a move does to every courier involved. */
export interface MoveOutcome {
  /** The current owners (in the order first met), then the receiver (once, even if an owner). */
  couriers: CourierMove[];
  receiver: CourierMove;
  /** Other stops, on any route involved, late after the move and not before. */
  madeLate: number[];
}

/**
 * The routes of `owners` and `receiver` before and after moving `moving` to the receiver at
 * `position`, each chained with the route ETAs: lateness, driving and the moved stops' ETAs.
 */
export function evaluateMove(
  owners: readonly LiveCourier[],
  receiver: LiveCourier,
  moving: readonly LiveStop[],
  position: number,
  now: number,
  provider: TravelTimeProvider,
): MoveOutcome {
  const involved = [...owners.filter((c) => c.id !== receiver.id), receiver];
  const movingIds = new Set(moving.map((s) => s.id));
  const madeLate: number[] = [];
  const couriers = involved.map((courier): CourierMove => {
    const receives = courier.id === receiver.id;
    const order = routeAfterMove(courier.route, moving, receives, position);
    const before = routeOutlook(courier, courier.route, now, provider);
    const after = routeOutlook(courier, order, now, provider);
    for (const id of after.lateStopIds) {
      if (!movingIds.has(id) && !before.lateStopIds.has(id)) madeLate.push(id);
    }
    return { courier, before, after, order };
  });
  return { couriers, receiver: couriers.at(-1)!, madeLate };
}

/** Lateness added to one route by a move, in seconds (negative when it removes some). */
export function latenessAddedSeconds(move: CourierMove): number {
  return move.after.lateSeconds - move.before.lateSeconds;
}

/** Stops of one route late after a move and not before (moved stops included). */
export function stopsMadeLate(move: CourierMove): number {
  let count = 0;
  for (const id of move.after.lateStopIds) if (!move.before.lateStopIds.has(id)) count++;
  return count;
}
