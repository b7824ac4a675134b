import { LeftOutSearch } from './left-out';
import type { Recreate } from './recreate';
import type { RouteSet } from './route-set';
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
  const search = new LeftOutSearch(p, ruin, recreate);
  search.reset(best);
  const usable = new Uint8Array(p.vehicleCount);
  if (!emptySmallestRoute(search.current, usable)) return;
  search.restart();
  const usableBefore = recreate.usable;
  recreate.usable = usable;
  try {
    while (!shouldStop()) {
      if (search.round() > 0) continue;
      best.copyFrom(search.current);
      if (!emptySmallestRoute(search.current, usable)) return;
      search.restart();
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
