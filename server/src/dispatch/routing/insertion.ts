import { firstOnTimePlace, lastOnTimePlace } from './on-time-range';
import { cheapestPairIn } from './pair-insertion';
import type { RouteSet } from './route-set';
import { canInsert, insertionCost, type RouteState } from './route-state';

/** Where a stop (or a pair, through its pickup) would go and what it would add. */
export interface InsertionChoice {
  vehicle: number;
  /** List index in the vehicle's route (0 = first stop); a pair's pickup. */
  position: number;
  /** A pair's delivery: its list index before the pickup goes in (see `insertPairAt`). */
  deliveryPosition?: number | undefined;
  cost: number;
}

/**
 * Cheapest feasible place for `stop` in `route` written to `out`; false when none. A pickup
 * places its whole pair; a delivery has no place of its own.
 */
export function cheapestIn(route: RouteState, stop: number, out: InsertionChoice): boolean {
  const p = route.problem;
  if (p.hasPairs && p.pairRole[stop] !== 0) {
    if (p.pairRole[stop]! < 0 || !cheapestPairIn(route, stop, p.partner[stop]!, out)) return false;
    out.vehicle = route.vehicle;
    return true;
  }
  out.deliveryPosition = undefined;
  let found = false;
  const last = lastOnTimePlace(route, stop);
  for (let k = firstOnTimePlace(route, stop); k <= last; k++) {
    const cost = insertionCost(route, k, stop);
    if ((!found || cost < out.cost) && canInsert(route, k, stop)) {
      out.vehicle = route.vehicle;
      out.position = k;
      out.cost = cost;
      found = true;
    }
  }
  return found;
}

/**
 * Routes worth trying for a new stop: all non-empty ones and, per vehicle class, the first
 * empty one (identical empty vehicles would give identical answers).
 */
export function candidateRoutes(routes: RouteSet): RouteState[] {
  const seenEmptyClass = new Set<number>();
  return routes.routes.filter((route) => {
    if (route.stopCount > 0) return true;
    const vehicleClass = routes.problem.vehicleClass[route.vehicle]!;
    if (seenEmptyClass.has(vehicleClass)) return false;
    seenEmptyClass.add(vehicleClass);
    return true;
  });
}

/** The cheapest feasible place for `stop` over every route, or null when there is none. */
export function cheapestInsertion(routes: RouteSet, stop: number): InsertionChoice | null {
  const best: InsertionChoice = { vehicle: -1, position: -1, cost: Infinity };
  const here: InsertionChoice = { vehicle: -1, position: -1, cost: Infinity };
  const pinned = routes.problem.pinnedVehicle[stop]!;
  const candidates = pinned >= 0 ? [routes.routes[pinned]!] : candidateRoutes(routes);
  for (const route of candidates) {
    if (cheapestIn(route, stop, here) && here.cost < best.cost) Object.assign(best, here);
  }
  return best.vehicle >= 0 ? best : null;
}

/** Puts `stop` (with a pickup: its pair) where `choice` says on `route`. */
export function insertChosen(route: RouteState, stop: number, choice: InsertionChoice): void {
  if (choice.deliveryPosition === undefined) route.insertAt(choice.position, stop);
  else
    route.insertPairAt(
      choice.position,
      choice.deliveryPosition,
      stop,
      route.problem.partner[stop]!,
    );
}

/** The stops that go in one by one: plain stops and pickups (each bringing its delivery). */
export function unitsOf(routes: RouteSet, stops: Iterable<number>): number[] {
  const role = routes.problem.pairRole;
  const units: number[] = [];
  for (const stop of stops) if (role[stop]! >= 0) units.push(stop);
  return units;
}

/** The stops of `units`, each pickup followed by its delivery. */
function withDeliveries(routes: RouteSet, units: readonly number[]): number[] {
  if (!routes.problem.hasPairs) return [...units];
  const partner = routes.problem.partner;
  return units.flatMap((stop) => (partner[stop]! >= 0 ? [stop, partner[stop]!] : [stop]));
}

/**
 * Inserts stops one by one, each at its cheapest feasible place; returns those that fit
 * nowhere. A pair goes in through its pickup (a delivery listed alone is passed over).
 */
export function insertCheapest(routes: RouteSet, stops: Iterable<number>): number[] {
  const left: number[] = [];
  for (const stop of unitsOf(routes, stops)) {
    const choice = cheapestInsertion(routes, stop);
    if (choice) insertChosen(routes.routes[choice.vehicle]!, stop, choice);
    else left.push(stop);
  }
  return withDeliveries(routes, left);
}

/**
 * Regret-k construction: repeatedly inserts the stop that would lose most by waiting (the sum
 * of its 2nd..k-th best route costs over its best), at its cheapest place. A stop with fewer
 * than k feasible routes counts the missing ones as very expensive, so it goes first. A pair
 * counts as one stop, its pickup. Stops once `shouldStop` answers true; returns the stops
 * that fit nowhere or had no turn.
 */
export function insertByRegret(
  routes: RouteSet,
  stops: readonly number[],
  k: number,
  shouldStop: () => boolean = () => false,
): number[] {
  const routeCount = routes.routes.length;
  const pending = unitsOf(routes, stops);
  const cost = new Float64Array(pending.length * routeCount);
  const position = new Int32Array(pending.length * routeCount);
  const deliveryPosition = new Int32Array(pending.length * routeCount);
  const scratch: InsertionChoice = { vehicle: -1, position: -1, cost: Infinity };
  const refresh = (i: number, route: RouteState) => {
    const found = cheapestIn(route, pending[i]!, scratch);
    cost[i * routeCount + route.vehicle] = found ? scratch.cost : Infinity;
    position[i * routeCount + route.vehicle] = scratch.position;
    deliveryPosition[i * routeCount + route.vehicle] = scratch.deliveryPosition ?? -1;
  };
  pending.forEach((_, i) => routes.routes.forEach((route) => refresh(i, route)));
  const missingCost = 1e9;
  const top = new Float64Array(k);
  const alive = pending.map(() => true);

  for (let remaining = pending.length; remaining > 0 && !shouldStop(); remaining--) {
    const candidates = new Set(candidateRoutes(routes).map((route) => route.vehicle));
    let chosen = -1;
    let chosenRegret = -Infinity;
    let chosenBest = Infinity;
    let chosenRoute = -1;
    for (let i = 0; i < pending.length; i++) {
      if (!alive[i]) continue;
      top.fill(Infinity);
      let bestRoute = -1;
      const pinned = routes.problem.pinnedVehicle[pending[i]!]!;
      for (let v = 0; v < routeCount; v++) {
        if (pinned >= 0 ? v !== pinned : !candidates.has(v)) continue;
        const c = cost[i * routeCount + v]!;
        if (c === Infinity || c >= top[k - 1]!) continue;
        let slot = k - 1;
        while (slot > 0 && top[slot - 1]! > c) {
          top[slot] = top[slot - 1]!;
          slot--;
        }
        top[slot] = c;
        if (slot === 0) bestRoute = v;
      }
      if (bestRoute < 0) continue;
      let regret = 0;
      for (let j = 1; j < k; j++) regret += (top[j] === Infinity ? missingCost : top[j]!) - top[0]!;
      if (regret > chosenRegret || (regret === chosenRegret && top[0]! < chosenBest)) {
        chosen = i;
        chosenRegret = regret;
        chosenBest = top[0]!;
        chosenRoute = bestRoute;
      }
    }
    if (chosen < 0) break;
    const route = routes.routes[chosenRoute]!;
    const cell = chosen * routeCount + chosenRoute;
    const at = deliveryPosition[cell]!;
    insertChosen(route, pending[chosen]!, {
      vehicle: chosenRoute,
      position: position[cell]!,
      deliveryPosition: at < 0 ? undefined : at,
      cost: cost[cell]!,
    });
    alive[chosen] = false;
    for (let i = 0; i < pending.length; i++) if (alive[i]) refresh(i, route);
  }
  return withDeliveries(
    routes,
    pending.filter((_, i) => alive[i]),
  );
}
