import { EPSILON, type RouteState } from './route-state';

/**
 * Where a stop can go on time in a route, found by binary search instead of a scan: along a
 * route the earliest departures and the latest starts never decrease (travel and service
 * times are not negative), so the places that leave the stop's window in time and those that
 * reach the next stop in time are each one run of list indices. A place outside
 * [`firstOnTimePlace`, `lastOnTimePlace`] always fails `canInsertOnTime`; one inside may still
 * fail it. On a long route with narrow windows this leaves a handful of places to price.
 */

/**
 * The first list index whose next position's latest start leaves room for the stop's
 * window start plus its service; `stopCount + 1` when none does.
 */
export function firstOnTimePlace(route: RouteState, stop: number): number {
  const p = route.problem;
  const earliestNext = p.windowStart[stop]! + p.serviceTime[stop]! - EPSILON;
  const latest = route.latest;
  let lo = 0;
  let hi = route.stopCount + 1;
  // Invariant: indices below lo fail, hi and above pass (or hi is past the end).
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (latest[mid + 1]! >= earliestNext) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The last list index the vehicle leaves before the stop's window ends and before the route
 * is already late there; -1 when none.
 */
export function lastOnTimePlace(route: RouteState, stop: number): number {
  const windowEnd = route.problem.windowEnd[stop]! + EPSILON;
  const departure = route.departure;
  let lo = -1;
  let hi = Math.min(route.stopCount, route.firstLate - 1);
  // Invariant: lo and below pass (or lo is -1), indices above hi fail.
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (departure[mid]! <= windowEnd) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
