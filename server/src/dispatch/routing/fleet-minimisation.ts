import type { Recreate } from './recreate';
import { RouteSet } from './route-set';
import type { StringRuin } from './ruin';

/**
 * Fleet minimisation, after the SISR paper's fleet phase: empties the used route with the
 * fewest stops and, with stops kept to the routes still in use, ruins and recreates until
 * every stop has a place again, then empties the next. A round is kept when it leaves fewer
 * stops out, or leaves out stops that were out less often (each stop counts the rounds it
 * spent out), which steers the search to place the hard ones. `best` (complete, every stop
 * placed) ends as the complete plan with the fewest vehicles found before `shouldStop`
 * answered true.
 */
export function minimiseFleet(
  best: RouteSet,
  ruin: StringRuin,
  recreate: Recreate,
  shouldStop: () => boolean,
): void {
  const p = best.problem;
  const absences = new Float64Array(p.nodeCount);
  const left = new Int32Array(p.stops.length);
  let current = new RouteSet(p);
  let candidate = new RouteSet(p);
  current.copyFrom(best);
  const usable = new Uint8Array(p.vehicleCount);
  if (!emptySmallestRoute(current, usable)) return;
  candidate.copyFrom(current);
  current.touched.fill(0);
  candidate.touched.fill(0);
  const usableBefore = recreate.usable;
  recreate.usable = usable;
  let currentOut = current.unassignedCount();
  let currentAbsence = absenceOf(current, absences);
  try {
    while (!shouldStop()) {
      ruin.run(candidate);
      // The stops still out go back with the freed ones.
      let count = 0;
      for (const stop of p.stops) if (candidate.routeOf[stop] === -1) left[count++] = stop;
      recreate.run(candidate, left, count);
      const modified = candidate;
      const out = candidate.unassignedCount();
      const absence = absenceOf(candidate, absences);
      if (candidate.changedRoutesFeasible() && (out < currentOut || absence < currentAbsence)) {
        [current, candidate] = [candidate, current];
        currentOut = out;
      }
      candidate.syncFrom(current, modified.touched);
      for (const stop of p.stops) if (current.routeOf[stop] === -1) absences[stop]!++;
      currentAbsence = absenceOf(current, absences);
      if (currentOut > 0) continue;
      best.copyFrom(current);
      if (!emptySmallestRoute(current, usable)) return;
      candidate.copyFrom(current);
      current.touched.fill(0);
      candidate.touched.fill(0);
      currentOut = current.unassignedCount();
      currentAbsence = absenceOf(current, absences);
    }
  } finally {
    recreate.usable = usableBefore;
  }
}

/**
 * Takes every stop off the used route with the fewest stops and no pinned stop (those could
 * go nowhere else) and marks the routes still used in `usable`; false when there is no such
 * route.
 */
function emptySmallestRoute(routes: RouteSet, usable: Uint8Array): boolean {
  const pinned = routes.problem.pinnedVehicle;
  let smallest = -1;
  for (const route of routes.routes) {
    if (route.stopCount === 0 || route.stops().some((stop) => pinned[stop]! >= 0)) continue;
    if (smallest < 0 || route.stopCount < routes.routes[smallest]!.stopCount)
      smallest = route.vehicle;
  }
  if (smallest < 0) return false;
  const route = routes.routes[smallest]!;
  for (const stop of route.stops()) routes.routeOf[stop] = -1;
  route.assign([]);
  markUsed(routes, usable);
  return true;
}

/** Sets `usable` to 1 for each vehicle whose route holds stops, 0 for the others. */
export function markUsed(routes: RouteSet, usable: Uint8Array): void {
  for (const route of routes.routes) usable[route.vehicle] = route.stopCount > 0 ? 1 : 0;
}

/** How often, summed, the stops now out of `routes` were out before. */
function absenceOf(routes: RouteSet, absences: Float64Array): number {
  let total = 0;
  for (const stop of routes.problem.stops)
    if (routes.routeOf[stop] === -1) total += absences[stop]!;
  return total;
}
