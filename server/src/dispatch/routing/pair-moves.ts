import { cheapestPairIn, type PairPlace } from './pair-insertion';
import type { RouteSet } from './route-set';
import { spliceOnTime, type RouteState } from './route-state';

/** Smallest gain worth a move, as in `moves.ts`. */
const MIN_GAIN = 1e-7;

/**
 * What the local-search moves must respect in a problem with pairs: a pickup before its
 * delivery on one vehicle, and the load at every point. Moves that reorder one route are
 * checked over the reordered stops; moves between routes only carry whole pairs.
 */
export class PairRules {
  /** Stamp per node: seen in the current walk. */
  private readonly seen: Int32Array;
  private stamp = 0;

  constructor(private readonly routes: RouteSet) {
    this.seen = new Int32Array(routes.problem.nodeCount);
  }

  /**
   * Whether positions lo..hi of `route`, replaced by `order[0..count)` (the same stops in
   * another order), keep each pickup before its delivery and the load within capacity. Stops
   * whose partner lies outside the block keep their side of it.
   */
  reorderKeepsPairs(
    route: RouteState,
    lo: number,
    hi: number,
    order: ArrayLike<number>,
    count: number,
  ): boolean {
    const { partner, pairRole } = this.routes.problem;
    const { positionOf, routeOf } = this.routes;
    const stamp = ++this.stamp;
    for (let m = 0; m < count; m++) {
      const node = order[m]!;
      this.seen[node] = stamp;
      if (pairRole[node] !== -1) continue;
      const pickup = partner[node]!;
      const at = positionOf[pickup]!;
      const inBlock = routeOf[pickup] === route.vehicle && at >= lo && at <= hi;
      if (inBlock && this.seen[pickup] !== stamp) return false;
    }
    return route.profile!.reorderFits(lo, hi, order, count);
  }

  /**
   * Whether the stops at positions from..to of `route` may go to another route as a block:
   * every pair in it whole (and not reversed, when `reversed`) and the block within
   * `target`'s capacity at list index `k`.
   */
  blockMayMove(
    route: RouteState,
    from: number,
    to: number,
    reversed: boolean,
    target: RouteState,
    k: number,
    block: ArrayLike<number>,
  ): boolean {
    const { partner } = this.routes.problem;
    const { positionOf, routeOf } = this.routes;
    for (let x = from; x <= to; x++) {
      const other = partner[route.nodes[x]!]!;
      if (other < 0) continue;
      if (reversed || routeOf[other] !== route.vehicle) return false;
      const at = positionOf[other]!;
      if (at < from || at > to) return false;
    }
    return target.profile!.closedBlockFitsAt(k, block, to - from + 1);
  }

  /** Whether plain stops `u` (position i of `a`) and `v` (position j of `b`) may trade places. */
  swapFits(a: RouteState, i: number, b: RouteState, j: number): boolean {
    const role = this.routes.problem.pairRole;
    const u = a.nodes[i]!;
    const v = b.nodes[j]!;
    return (
      role[u] === 0 &&
      role[v] === 0 &&
      a.profile!.replaceFits(i, u, v) &&
      b.profile!.replaceFits(j, v, u)
    );
  }

  /**
   * The load side of 2-opt\*: `a` keeps positions 0..i and takes `b`'s stops from j, `b` the
   * rest; no pair may span either cut.
   */
  tailsFit(a: RouteState, i: number, b: RouteState, j: number): boolean {
    const pa = a.profile!;
    const pb = b.profile!;
    return pa.joinFits(i, pb, j) && pb.joinFits(j - 1, pa, i + 1);
  }
}

/**
 * Pair relocation: takes a pair out of its route and puts it at its cheapest feasible places
 * in a route (its own included) when that shortens the plan.
 */
export class PairRelocation {
  private readonly place: PairPlace = { position: -1, cost: Infinity };

  constructor(private readonly routes: RouteSet) {}

  /** Moves the pair of stop `u` into `target` when that is a gain; true when it moved. */
  relocate(u: number, target: RouteState): boolean {
    const p = this.routes.problem;
    const other = p.partner[u]!;
    if (other < 0) return false;
    const pickup = p.pairRole[u] === 1 ? u : other;
    const delivery = pickup === u ? other : u;
    const r = this.routes.routeOf[pickup]!;
    if (r < 0 || this.routes.routeOf[delivery] !== r) return false;
    const pinned = p.pinnedVehicle[pickup]!;
    if (pinned >= 0 && pinned !== target.vehicle) return false;
    const source = this.routes.routes[r]!;
    const x = this.routes.positionOf[pickup]!;
    const y = this.routes.positionOf[delivery]!;
    if (y < x) return false;
    const gain = removalGain(source, x, y);
    if (source === target) {
      removePair(source, x, y);
      const found = cheapestPairIn(source, pickup, delivery, this.place, gain - MIN_GAIN);
      if (found)
        source.insertPairAt(this.place.position, this.place.deliveryPosition!, pickup, delivery);
      else source.insertPairAt(x - 1, y - 2, pickup, delivery);
      return found;
    }
    if (!cheapestPairIn(target, pickup, delivery, this.place, gain - MIN_GAIN)) return false;
    // Without the triangle inequality, leaving can make a later stop late.
    if (!spliceOnTime(source, x - 1, source.nodes.subarray(x + 1, y), y - x - 1, y + 1))
      return false;
    removePair(source, x, y);
    target.insertPairAt(this.place.position, this.place.deliveryPosition!, pickup, delivery);
    return true;
  }
}

/** Distance saved by taking the stops at positions x < y out of `route`. */
function removalGain(route: RouteState, x: number, y: number): number {
  const p = route.problem;
  const size = p.nodeCount;
  const d = (a: number, b: number) => p.distance[a * size + b]!;
  const n = route.nodes;
  if (y === x + 1)
    return d(n[x - 1]!, n[x]!) + d(n[x]!, n[y]!) + d(n[y]!, n[y + 1]!) - d(n[x - 1]!, n[y + 1]!);
  return (
    d(n[x - 1]!, n[x]!) +
    d(n[x]!, n[x + 1]!) -
    d(n[x - 1]!, n[x + 1]!) +
    d(n[y - 1]!, n[y]!) +
    d(n[y]!, n[y + 1]!) -
    d(n[y - 1]!, n[y + 1]!)
  );
}

/** Takes the stops at positions x < y out of `route` (their index entries are the caller's). */
function removePair(route: RouteState, x: number, y: number): void {
  const nodes = route.nodes;
  nodes.copyWithin(x, x + 1, y);
  nodes.copyWithin(y - 1, y + 1, route.stopCount + 1);
  route.stopCount -= 2;
  route.rebuild();
}
