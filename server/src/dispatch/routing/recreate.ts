import type { CompiledProblem } from './compiled';
import type { Random } from './random';
import type { RouteSet } from './route-set';
import { canInsertOnTime, insertionCost, EPSILON } from './route-state';

/** Orders in which freed stops are put back (weights from the SISR paper: 4, 4, 2, 1). */
const ORDER_WEIGHTS = [4, 4, 2, 1] as const;

/**
 * SISR recreate: puts stops back one by one at their cheapest feasible place, skipping each
 * place with probability `blinkRate` so that equal choices do not always win. The stops are
 * taken in random order, by demand, farthest from or nearest to the depot first. Returns how
 * many found no place (they remain unassigned).
 */
export class Recreate {
  private readonly sortKey: Float64Array;
  private readonly emptyStamp: Int32Array;
  private stamp = 0;
  /** Places to try before the next skipped one. */
  private untilBlink = 0;

  constructor(
    private readonly problem: CompiledProblem,
    /** Distance from each node to the nearest vehicle start. */
    private readonly depotDistance: Float64Array,
    private readonly random: Random,
    private readonly blinkRate = 0.01,
  ) {
    this.sortKey = new Float64Array(problem.nodeCount);
    this.emptyStamp = new Int32Array(problem.vehicleCount);
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
      }
      if (route.load + demand <= p.freeCapacity[v]! + EPSILON) {
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
