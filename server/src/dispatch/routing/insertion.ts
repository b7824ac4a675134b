import type { RouteSet } from './route-set';
import { canInsert, insertionCost, type RouteState } from './route-state';

/** Where a stop would go and what it would add. */
export interface InsertionChoice {
  vehicle: number;
  /** List index in the vehicle's route (0 = first stop). */
  position: number;
  cost: number;
}

/** Cheapest feasible list index for `stop` in `route` written to `out`; false when none. */
export function cheapestIn(route: RouteState, stop: number, out: InsertionChoice): boolean {
  let found = false;
  for (let k = 0; k <= route.stopCount; k++) {
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

/** Inserts stops one by one, each at its cheapest feasible place; returns those that fit nowhere. */
export function insertCheapest(routes: RouteSet, stops: Iterable<number>): number[] {
  const left: number[] = [];
  for (const stop of stops) {
    const choice = cheapestInsertion(routes, stop);
    if (choice) routes.routes[choice.vehicle]!.insertAt(choice.position, stop);
    else left.push(stop);
  }
  return left;
}

/**
 * Regret-k construction: repeatedly inserts the stop that would lose most by waiting (the sum
 * of its 2nd..k-th best route costs over its best), at its cheapest place. A stop with fewer
 * than k feasible routes counts the missing ones as very expensive, so it goes first. Returns
 * the stops that fit nowhere.
 */
export function insertByRegret(routes: RouteSet, stops: readonly number[], k: number): number[] {
  const routeCount = routes.routes.length;
  const pending = [...stops];
  const cost = new Float64Array(pending.length * routeCount);
  const position = new Int32Array(pending.length * routeCount);
  const scratch: InsertionChoice = { vehicle: -1, position: -1, cost: Infinity };
  const refresh = (i: number, route: RouteState) => {
    const found = cheapestIn(route, pending[i]!, scratch);
    cost[i * routeCount + route.vehicle] = found ? scratch.cost : Infinity;
    position[i * routeCount + route.vehicle] = scratch.position;
  };
  pending.forEach((_, i) => routes.routes.forEach((route) => refresh(i, route)));
  const missingCost = 1e9;
  const top = new Float64Array(k);
  const alive = pending.map(() => true);

  for (let remaining = pending.length; remaining > 0; remaining--) {
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
    route.insertAt(position[chosen * routeCount + chosenRoute]!, pending[chosen]!);
    alive[chosen] = false;
    for (let i = 0; i < pending.length; i++) if (alive[i]) refresh(i, route);
  }
  return pending.filter((_, i) => alive[i]);
}
