import type { CompiledProblem } from './compiled';
import type { NeighbourLists } from './neighbours';
import type { Random } from './random';
import type { RouteSet } from './route-set';
import { canInsertOnTime, insertionCost, EPSILON } from './route-state';

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
 * taken in random order, by demand, farthest from or nearest to the depot first. Returns how
 * many found no place (they remain unassigned).
 */
export class Recreate {
  private readonly sortKey: Float64Array;
  private readonly emptyStamp: Int32Array;
  private readonly nearbyStamp: Int32Array;
  private readonly blinkRate: number;
  private readonly nearby: NeighbourLists | undefined;
  private stamp = 0;
  /** Places to try before the next skipped one. */
  private untilBlink = 0;

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
    this.untilBlink = this.nextBlinkGap();
  }

  /** Puts back the first `count` entries of `stops` into `routes`. */
  run(routes: RouteSet, stops: Int32Array, count: number): number {
    const order = stops.subarray(0, count);
    this.sort(order);
    let failed = 0;
    for (const stop of order) if (!this.insert(routes, stop)) failed++;
    return failed;
  }

  /** Gaps between skipped places are geometric: one random draw per skip, not one per place. */
  private nextBlinkGap(): number {
    if (this.blinkRate <= 0) return Infinity;
    return Math.floor(Math.log(1 - this.random.float()) / Math.log(1 - this.blinkRate));
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
      const { width, list } = nearby;
      for (let n = 0; n < width; n++) {
        const r = routes.routeOf[list[stop * width + n]!]!;
        if (r >= 0) this.nearbyStamp[r] = stamp;
      }
      if (this.insertBest(routes, stop, stamp)) return true;
    }
    return this.insertBest(routes, stop, -1);
  }

  /**
   * Cheapest place for `stop` over every route, or with `nearbyStamp` >= 0 only over empty
   * routes and those stamped with it.
   */
  private insertBest(routes: RouteSet, stop: number, nearbyStamp: number): boolean {
    const p = routes.problem;
    const demand = p.demand[stop]!;
    const pinned = p.pinnedVehicle[stop]!;
    const stamp = ++this.stamp;
    let bestRoute = -1;
    let bestPosition = -1;
    let bestCost = Infinity;
    for (let v = pinned >= 0 ? pinned : 0; v < p.vehicleCount; v++) {
      const route = routes.routes[v]!;
      if (route.stopCount === 0) {
        const vehicleClass = p.vehicleClass[v]!;
        if (this.emptyStamp[vehicleClass] === stamp) continue;
        this.emptyStamp[vehicleClass] = stamp;
      } else if (nearbyStamp >= 0 && this.nearbyStamp[v] !== nearbyStamp) {
        continue;
      }
      if (route.load + demand <= p.freeCapacity[v]! + EPSILON && route.stopCount < p.maxStops[v]!) {
        for (let k = 0; k <= route.stopCount; k++) {
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
      }
      if (pinned >= 0) break;
    }
    if (bestRoute < 0) return false;
    routes.routes[bestRoute]!.insertAt(bestPosition, stop);
    return true;
  }
}
