import type { CompiledProblem } from './compiled';
import type { NeighbourLists } from './neighbours';
import type { Random } from './random';
import { firstOnTimePlace, lastOnTimePlace } from './on-time-range';
import { cheapestPairIn, type PairPlace } from './pair-insertion';
import type { RouteSet } from './route-set';
import { canInsertOnTime, insertionCost, EPSILON, type RouteState } from './route-state';

/** Orders in which freed stops are put back (weights from the SISR paper: 4, 4, 2, 1). */
const ORDER_WEIGHTS = [4, 4, 2, 1] as const;

/** How recreate looks for places. */
export interface RecreateOptions {
  /** Chance of skipping each place; 0.01 by default. */
  blinkRate?: number;
  /**
   * When given, a stop first tries only the routes holding its nearest stops (and empty ones),
   * and every route only when none of those fits: for problems with many routes.
   */
  nearby?: NeighbourLists | undefined;
}

/**
 * SISR recreate: puts stops back one by one at their cheapest feasible place, skipping each
 * place with probability `blinkRate` so that equal choices do not always win. The stops are
 * taken in random order, by demand, farthest from or nearest to the depot first. A pair goes
 * back whole, through its pickup. Returns how many stops found no place (they remain
 * unassigned).
 */
export class Recreate {
  private readonly sortKey: Float64Array;
  private readonly emptyStamp: Int32Array;
  private readonly nearbyStamp: Int32Array;
  private readonly blinkRate: number;
  private readonly nearby: NeighbourLists | undefined;
  private stamp = 0;
  /** The vehicles stops may go to (1 each), or null for all: a fleet kept from growing. */
  usable: Uint8Array | null = null;
  /** Places to try before the next skipped one. */
  private untilBlink = 0;
  /** Plain stops and pickups of the stops being put back (problems with pairs). */
  private readonly units: Int32Array;
  private readonly place: PairPlace = { position: -1, cost: Infinity };
  /** Counts a place down to the next skipped one; true for the skipped place. */
  private readonly blink = (): boolean => {
    if (--this.untilBlink >= 0) return false;
    this.untilBlink = this.nextBlinkGap();
    return true;
  };

  constructor(
    private readonly problem: CompiledProblem,
    /** Distance from each node to the nearest vehicle start. */
    private readonly depotDistance: Float64Array,
    private readonly random: Random,
    options: RecreateOptions = {},
  ) {
    this.blinkRate = options.blinkRate ?? 0.01;
    this.nearby = options.nearby;
    this.sortKey = new Float64Array(problem.nodeCount);
    this.emptyStamp = new Int32Array(problem.vehicleCount);
    this.nearbyStamp = new Int32Array(problem.vehicleCount);
    this.units = new Int32Array(problem.hasPairs ? problem.stops.length : 0);
    this.untilBlink = this.nextBlinkGap();
  }

  /** Puts back the first `count` entries of `stops` into `routes`; a pair's two stops both. */
  run(routes: RouteSet, stops: Int32Array, count: number): number {
    const order = this.problem.hasPairs ? this.unitsOf(stops, count) : stops.subarray(0, count);
    this.sort(order);
    let failed = 0;
    for (const stop of order) {
      if (!this.insert(routes, stop)) failed += this.problem.partner[stop]! >= 0 ? 2 : 1;
    }
    return failed;
  }

  private unitsOf(stops: Int32Array, count: number): Int32Array {
    const role = this.problem.pairRole;
    let units = 0;
    for (let i = 0; i < count; i++) if (role[stops[i]!]! >= 0) this.units[units++] = stops[i]!;
    return this.units.subarray(0, units);
  }

  /** Gaps between skipped places are geometric: one random draw per skip, not one per place. */
  private nextBlinkGap(): number {
    if (this.blinkRate <= 0) return Infinity;
    return Math.floor(Math.log(1 - this.random.float()) / Math.log(1 - this.blinkRate));
  }

  /** Counts `places` places towards the blinks without looking at them, as a scan would. */
  private passBlinks(places: number): void {
    let left = places;
    while (left > 0) {
      if (this.untilBlink >= left) {
        this.untilBlink -= left;
        return;
      }
      left -= this.untilBlink + 1;
      this.untilBlink = this.nextBlinkGap();
    }
  }

  private sort(order: Int32Array): void {
    const random = this.random;
    random.shuffle(order);
    let pick = random.float() * 11;
    let mode = 0;
    while (pick >= ORDER_WEIGHTS[mode]!) pick -= ORDER_WEIGHTS[mode++]!;
    if (mode === 0) return;
    const p = this.problem;
    const key = this.sortKey;
    for (const stop of order) {
      if (mode === 1) key[stop] = -p.demand[stop]!;
      else if (mode === 2) key[stop] = -this.depotDistance[stop]!;
      else key[stop] = this.depotDistance[stop]!;
    }
    order.sort((a, b) => key[a]! - key[b]!);
  }

  private insert(routes: RouteSet, stop: number): boolean {
    const nearby = this.nearby;
    if (nearby && this.problem.pinnedVehicle[stop]! < 0) {
      // Mark the routes holding the stop's nearest stops; try only those and empty ones first.
      const stamp = ++this.stamp;
      this.markNearby(routes, nearby, stop, stamp);
      const partner = this.problem.partner[stop]!;
      if (partner >= 0) this.markNearby(routes, nearby, partner, stamp);
      if (this.insertBest(routes, stop, stamp)) return true;
    }
    return this.insertBest(routes, stop, -1);
  }

  private markNearby(routes: RouteSet, nearby: NeighbourLists, stop: number, stamp: number): void {
    const { width, list } = nearby;
    for (let n = 0; n < width; n++) {
      const r = routes.routeOf[list[stop * width + n]!]!;
      if (r >= 0) this.nearbyStamp[r] = stamp;
    }
  }

  /**
   * Cheapest place for `stop` over every route, or with `nearbyStamp` >= 0 only over empty
   * routes and those stamped with it.
   */
  private insertBest(routes: RouteSet, stop: number, nearbyStamp: number): boolean {
    const p = routes.problem;
    if (p.hasPairs) return this.insertBestWithPairs(routes, stop, nearbyStamp);
    const demand = p.demand[stop]!;
    const pinned = p.pinnedVehicle[stop]!;
    const stamp = ++this.stamp;
    let bestRoute = -1;
    let bestPosition = -1;
    let bestCost = Infinity;
    for (let v = pinned >= 0 ? pinned : 0; v < p.vehicleCount; v++) {
      const route = routes.routes[v]!;
      if (this.skips(route, nearbyStamp, stamp)) {
        if (pinned >= 0) break;
        continue;
      }
      if (route.load + demand <= p.freeCapacity[v]! + EPSILON && route.stopCount < p.maxStops[v]!) {
        // Places outside the on-time range cannot win; they still count towards the blinks,
        // so the plan is the same as with a full scan.
        const first = firstOnTimePlace(route, stop);
        const last = Math.max(first - 1, lastOnTimePlace(route, stop));
        this.passBlinks(first);
        for (let k = first; k <= last; k++) {
          if (--this.untilBlink < 0) {
            this.untilBlink = this.nextBlinkGap();
            continue;
          }
          const cost = insertionCost(route, k, stop);
          if (cost < bestCost && canInsertOnTime(route, k, stop)) {
            bestCost = cost;
            bestRoute = v;
            bestPosition = k;
          }
        }
        this.passBlinks(route.stopCount - last);
      }
      if (pinned >= 0) break;
    }
    if (bestRoute < 0) return false;
    routes.routes[bestRoute]!.insertAt(bestPosition, stop);
    return true;
  }

  /**
   * `insertBest` in a problem with pairs: a pickup brings its delivery, loads are checked at
   * every point.
   */
  private insertBestWithPairs(routes: RouteSet, stop: number, nearbyStamp: number): boolean {
    const p = routes.problem;
    const pinned = p.pinnedVehicle[stop]!;
    const partner = p.partner[stop]!;
    const place = this.place;
    const stamp = ++this.stamp;
    let bestRoute = -1;
    let bestPosition = -1;
    let bestDelivery = -1;
    let bestCost = Infinity;
    for (let v = pinned >= 0 ? pinned : 0; v < p.vehicleCount; v++) {
      const route = routes.routes[v]!;
      if (this.skips(route, nearbyStamp, stamp)) {
        if (pinned >= 0) break;
        continue;
      }
      if (partner >= 0) {
        if (cheapestPairIn(route, stop, partner, place, bestCost, this.blink)) {
          bestCost = place.cost;
          bestRoute = v;
          bestPosition = place.position;
          bestDelivery = place.deliveryPosition!;
        }
      } else if (route.stopCount < p.maxStops[v]!) {
        for (let k = 0; k <= route.stopCount; k++) {
          if (this.blink()) continue;
          const cost = insertionCost(route, k, stop);
          if (
            cost < bestCost &&
            route.profile!.plainFitsAt(k, stop) &&
            canInsertOnTime(route, k, stop)
          ) {
            bestCost = cost;
            bestRoute = v;
            bestPosition = k;
          }
        }
      }
      if (pinned >= 0) break;
    }
    if (bestRoute < 0) return false;
    const route = routes.routes[bestRoute]!;
    if (partner >= 0) route.insertPairAt(bestPosition, bestDelivery, stop, partner);
    else route.insertAt(bestPosition, stop);
    return true;
  }

  /**
   * Whether `route` is out of this search: not usable, an empty route of a vehicle class
   * already tried (stamped `stamp`), or, when looking nearby only, not one of the nearby routes.
   */
  private skips(route: RouteState, nearbyStamp: number, stamp: number): boolean {
    const v = route.vehicle;
    if (this.usable !== null && this.usable[v] === 0) return true;
    if (route.stopCount === 0) {
      const vehicleClass = this.problem.vehicleClass[v]!;
      if (this.emptyStamp[vehicleClass] === stamp) return true;
      this.emptyStamp[vehicleClass] = stamp;
      return false;
    }
    return nearbyStamp >= 0 && this.nearbyStamp[v] !== nearbyStamp;
  }
}
