import { PairRules } from './pair-moves';
import type { RouteSet } from './route-set';
import { joinOnTime, spliceOnTime, EPSILON, type RouteState } from './route-state';

/** Smallest gain worth a move; smaller ones are rounding noise. */
const MIN_GAIN = 1e-7;

/**
 * The local-search moves between a stop `u` and a nearby stop `v`. Each one computes its
 * distance change first, checks feasibility only when that is a gain, and applies itself when
 * both hold. Positions are route positions (1 = first stop). With pairs, a move that would
 * put a delivery before its pickup, split a pair between routes or overload any point of a
 * route is rejected (`PairRules`).
 */
export class Moves {
  private readonly size: number;
  private readonly dist: Float64Array;
  private readonly demand: Float64Array;
  private readonly capacity: Float64Array;
  private readonly maxStops: Float64Array;
  private readonly pinned: Int32Array;
  private readonly bufferA: Int32Array;
  private readonly bufferB: Int32Array;
  /** Null without pairs. */
  private readonly pairs: PairRules | null;

  constructor(private readonly routes: RouteSet) {
    const p = routes.problem;
    this.size = p.nodeCount;
    this.dist = p.distance;
    this.demand = p.demand;
    this.capacity = p.freeCapacity;
    this.maxStops = p.maxStops;
    this.pinned = p.pinnedVehicle;
    this.bufferA = new Int32Array(p.stops.length + 2);
    this.bufferB = new Int32Array(p.stops.length + 2);
    this.pairs = p.hasPairs ? new PairRules(routes) : null;
  }

  private d(a: number, b: number): number {
    return this.dist[a * this.size + b]!;
  }

  /** Whether `route` may hold `load` on `stopCount` stops. */
  private fits(route: RouteState, load: number, stopCount: number): boolean {
    return (
      load <= this.capacity[route.vehicle]! + EPSILON && stopCount <= this.maxStops[route.vehicle]!
    );
  }

  /**
   * Relocate and or-opt: moves the `length` stops starting at `u` to between positions `k` and
   * `k + 1` of `target` (which may be `u`'s own route), reversed if asked.
   */
  segmentTo(u: number, length: number, target: RouteState, k: number, reversed: boolean): boolean {
    const a = this.routes.routes[this.routes.routeOf[u]!]!;
    const nodes = a.nodes;
    const i = this.routes.positionOf[u]!;
    const last = i + length - 1;
    if (last > a.stopCount) return false;
    if (a === target ? k >= i - 1 && k <= last : !this.mayMove(a, i, last, target.vehicle))
      return false;
    const first = reversed ? nodes[last]! : u;
    const final = reversed ? u : nodes[last]!;
    let delta = 0;
    if (reversed) {
      for (let x = i; x < last; x++)
        delta += this.d(nodes[x + 1]!, nodes[x]!) - this.d(nodes[x]!, nodes[x + 1]!);
    }
    const before = nodes[i - 1]!;
    const after = nodes[last + 1]!;
    const tBefore = target.nodes[k]!;
    const tAfter = target.nodes[k + 1]!;
    delta +=
      this.d(before, after) -
      this.d(before, u) -
      this.d(nodes[last]!, after) +
      this.d(tBefore, first) +
      this.d(final, tAfter) -
      this.d(tBefore, tAfter);
    if (delta > -MIN_GAIN) return false;

    const segment = this.bufferB;
    for (let x = 0; x < length; x++) segment[x] = nodes[reversed ? last - x : i + x]!;
    if (a !== target) {
      const segmentLoad = a.loadPrefix[last]! - a.loadPrefix[i - 1]!;
      if (!this.fits(target, target.load + segmentLoad, target.stopCount + length)) return false;
      if (this.pairs && !this.pairs.blockMayMove(a, i, last, reversed, target, k, segment))
        return false;
      if (!spliceOnTime(a, i - 1, segment, 0, last + 1)) return false;
      if (!spliceOnTime(target, k, segment, length, k + 1)) return false;
      nodes.copyWithin(i, last + 1, a.stopCount + 1);
      a.stopCount -= length;
      a.rebuild();
      target.nodes.copyWithin(k + 1 + length, k + 1, target.stopCount + 1);
      target.nodes.set(segment.subarray(0, length), k + 1);
      target.stopCount += length;
      target.rebuild();
      return true;
    }
    // Same route: only positions lo..hi change.
    const order = this.bufferA;
    let count = 0;
    let lo: number;
    let hi: number;
    if (k < i) {
      lo = k + 1;
      hi = last;
      for (let x = 0; x < length; x++) order[count++] = segment[x]!;
      for (let x = k + 1; x < i; x++) order[count++] = nodes[x]!;
    } else {
      lo = i;
      hi = k;
      for (let x = last + 1; x <= k; x++) order[count++] = nodes[x]!;
      for (let x = 0; x < length; x++) order[count++] = segment[x]!;
    }
    if (this.pairs && !this.pairs.reorderKeepsPairs(a, lo, hi, order, count)) return false;
    if (!spliceOnTime(a, lo - 1, order, count, hi + 1)) return false;
    nodes.set(order.subarray(0, count), lo);
    a.rebuild();
    return true;
  }

  /** Exchanges `u` and `v`, on different routes. */
  swap(u: number, v: number): boolean {
    const ra = this.routes.routeOf[u]!;
    const rb = this.routes.routeOf[v]!;
    if (ra === rb || this.pinned[u]! >= 0 || this.pinned[v]! >= 0) return false;
    const a = this.routes.routes[ra]!;
    const b = this.routes.routes[rb]!;
    const i = this.routes.positionOf[u]!;
    const j = this.routes.positionOf[v]!;
    const pu = a.nodes[i - 1]!;
    const nu = a.nodes[i + 1]!;
    const pv = b.nodes[j - 1]!;
    const nv = b.nodes[j + 1]!;
    const delta =
      this.d(pu, v) +
      this.d(v, nu) -
      this.d(pu, u) -
      this.d(u, nu) +
      this.d(pv, u) +
      this.d(u, nv) -
      this.d(pv, v) -
      this.d(v, nv);
    if (delta > -MIN_GAIN) return false;
    const shift = this.demand[v]! - this.demand[u]!;
    if (!this.fits(a, a.load + shift, a.stopCount) || !this.fits(b, b.load - shift, b.stopCount))
      return false;
    if (this.pairs && !this.pairs.swapFits(a, i, b, j)) return false;
    const one = this.bufferA;
    one[0] = v;
    if (!spliceOnTime(a, i - 1, one, 1, i + 1)) return false;
    one[0] = u;
    if (!spliceOnTime(b, j - 1, one, 1, j + 1)) return false;
    a.nodes[i] = v;
    b.nodes[j] = u;
    a.rebuild();
    b.rebuild();
    return true;
  }

  /** 2-opt*: `u`'s route keeps its head up to `u` then takes `v`'s route from `v` on; the other gets the rest. */
  tailExchange(u: number, v: number): boolean {
    const ra = this.routes.routeOf[u]!;
    const rb = this.routes.routeOf[v]!;
    if (ra === rb) return false;
    const a = this.routes.routes[ra]!;
    const b = this.routes.routes[rb]!;
    const p = this.routes.problem;
    if (p.endNode[a.vehicle] !== p.endNode[b.vehicle]) return false;
    const i = this.routes.positionOf[u]!;
    const j = this.routes.positionOf[v]!;
    const nu = a.nodes[i + 1]!;
    const pv = b.nodes[j - 1]!;
    const delta = this.d(u, v) + this.d(pv, nu) - this.d(u, nu) - this.d(pv, v);
    if (delta > -MIN_GAIN) return false;
    if (
      !this.mayMove(a, i + 1, a.stopCount, b.vehicle) ||
      !this.mayMove(b, j, b.stopCount, a.vehicle)
    )
      return false;
    const loadA = a.loadPrefix[i]! + b.load - b.loadPrefix[j - 1]!;
    const loadB = b.loadPrefix[j - 1]! + a.load - a.loadPrefix[i]!;
    // The new stop counts follow from the cut positions.
    const countA = i + b.stopCount - j + 1;
    const countB = j - 1 + a.stopCount - i;
    if (!this.fits(a, loadA, countA) || !this.fits(b, loadB, countB)) return false;
    // With pairs: no pair across either cut, and the load at every point.
    if (this.pairs && !this.pairs.tailsFit(a, i, b, j)) return false;
    if (!joinOnTime(a, i, b, j) || !joinOnTime(b, j - 1, a, i + 1)) return false;
    const newA = this.bufferA;
    const newB = this.bufferB;
    let filledA = 0;
    let filledB = 0;
    for (let x = 1; x <= i; x++) newA[filledA++] = a.nodes[x]!;
    for (let x = j; x <= b.stopCount; x++) newA[filledA++] = b.nodes[x]!;
    for (let x = 1; x < j; x++) newB[filledB++] = b.nodes[x]!;
    for (let x = i + 1; x <= a.stopCount; x++) newB[filledB++] = a.nodes[x]!;
    a.assign(newA, filledA);
    b.assign(newB, filledB);
    return true;
  }

  /** 2-opt within one route: reverses the stops after `u` up to `v` so that `u` leads to `v`. */
  reverse(u: number, v: number): boolean {
    const r = this.routes.routeOf[u]!;
    if (r !== this.routes.routeOf[v]) return false;
    const route = this.routes.routes[r]!;
    const i = this.routes.positionOf[u]!;
    const j = this.routes.positionOf[v]!;
    if (j <= i + 1) return false;
    const nu = route.nodes[i + 1]!;
    const nv = route.nodes[j + 1]!;
    let delta = this.d(u, v) + this.d(nu, nv) - this.d(u, nu) - this.d(v, nv);
    for (let x = i + 1; x < j; x++) {
      const from = route.nodes[x]!;
      const to = route.nodes[x + 1]!;
      delta += this.d(to, from) - this.d(from, to);
    }
    if (delta > -MIN_GAIN) return false;
    const middle = this.bufferA;
    let count = 0;
    for (let x = j; x > i; x--) middle[count++] = route.nodes[x]!;
    if (this.pairs && !this.pairs.reorderKeepsPairs(route, i + 1, j, middle, count)) return false;
    if (!spliceOnTime(route, i, middle, count, j + 1)) return false;
    route.nodes.set(middle.subarray(0, count), i + 1);
    route.rebuild();
    return true;
  }

  /** Whether the stops at positions from..to of `route` may leave it for `toVehicle` (pins). */
  private mayMove(route: RouteState, from: number, to: number, toVehicle: number): boolean {
    for (let x = from; x <= to; x++) {
      const pin = this.pinned[route.nodes[x]!]!;
      if (pin >= 0 && pin !== toVehicle) return false;
    }
    return true;
  }
}
