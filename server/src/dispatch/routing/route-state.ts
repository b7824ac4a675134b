import { EPSILON, type CompiledProblem } from './compiled';
import { LoadProfile } from './load-profile';

export { EPSILON } from './compiled';

/** Where each stop currently is, shared by the routes of one route set. */
export interface StopIndex {
  /** Vehicle whose route holds the node, or -1. */
  readonly routeOf: Int32Array;
  /** Position of the node in that route (1 = first stop). */
  readonly positionOf: Int32Array;
  /** Set to 1 for each vehicle whose route changes. */
  readonly touched: Uint8Array;
}

/**
 * One vehicle's route with forward and backward time data, so that inserting a stop, removing
 * one or joining route pieces is checked in constant time. Positions: 0 is the vehicle's start,
 * 1..stopCount the stops, stopCount + 1 the end (the depot, or `openEnd` for an open route).
 */
export class RouteState {
  /** Node at each position. */
  readonly nodes: Int32Array;
  /** Earliest service start at each position (position 0: departure; end: arrival). */
  readonly start: Float64Array;
  /** Earliest departure after service at each position. */
  readonly departure: Float64Array;
  /**
   * Latest service start at each position that keeps the rest of the route feasible
   * (-Infinity when nothing does; at the end: the shift end).
   */
  readonly latest: Float64Array;
  /** Load delivered up to and including each position. */
  readonly loadPrefix: Float64Array;
  /** The vehicle's multiplier on the travel matrix, read once here for the hot loops. */
  readonly travelFactor: number;
  /** The load at every point, for problems with pairs; null without pairs. */
  readonly profile: LoadProfile | null;
  stopCount = 0;
  distance = 0;
  /** First position whose earliest start misses its window or the shift end; `stopCount + 2` if none. */
  firstLate = 2;

  constructor(
    readonly problem: CompiledProblem,
    readonly vehicle: number,
    private readonly index?: StopIndex,
  ) {
    const size = problem.stops.length + 2;
    this.nodes = new Int32Array(size);
    this.start = new Float64Array(size);
    this.departure = new Float64Array(size);
    this.latest = new Float64Array(size);
    this.loadPrefix = new Float64Array(size);
    this.travelFactor = problem.travelFactor[vehicle]!;
    this.profile = problem.hasPairs ? new LoadProfile(problem, vehicle) : null;
    this.nodes[0] = problem.startNode[vehicle]!;
    this.rebuild();
  }

  /** Total load of the route's stops (with pairs: of its plain stops, once every pair is whole). */
  get load(): number {
    return this.loadPrefix[this.stopCount + 1]!;
  }

  /**
   * Every window, the shift end, the capacity (with pairs: at every point) and the stop limit
   * hold (always true for an unused vehicle). Pins and pairs are the route set's concern.
   */
  get feasible(): boolean {
    if (this.stopCount === 0) return true;
    const capacity = this.problem.freeCapacity[this.vehicle]! + EPSILON;
    const load = this.profile ? this.profile.peak : this.load;
    return (
      this.firstLate > this.stopCount + 1 &&
      load <= capacity &&
      this.stopCount <= this.problem.maxStops[this.vehicle]!
    );
  }

  /** The stops in visiting order. */
  stops(): number[] {
    return Array.from(this.nodes.subarray(1, this.stopCount + 1));
  }

  /**
   * Replaces the stops with the first `count` entries of `stops`. Stops it drops keep their
   * index entry: moves that hand stops between two routes assign both.
   */
  assign(stops: ArrayLike<number>, count = stops.length): void {
    for (let i = 0; i < count; i++) this.nodes[i + 1] = stops[i]!;
    this.stopCount = count;
    this.rebuild();
  }

  /** Inserts `stop` at list index `k` (0 = first). */
  insertAt(k: number, stop: number): void {
    this.nodes.copyWithin(k + 2, k + 1, this.stopCount + 1);
    this.nodes[k + 1] = stop;
    this.stopCount++;
    this.rebuild();
  }

  /**
   * Inserts a pair: `pickup` at list index `i` and `delivery` at list index `j` of the route
   * as it was (j >= i; j = i puts the delivery right after the pickup).
   */
  insertPairAt(i: number, j: number, pickup: number, delivery: number): void {
    const nodes = this.nodes;
    nodes.copyWithin(j + 3, j + 1, this.stopCount + 1);
    nodes.copyWithin(i + 2, i + 1, j + 1);
    nodes[i + 1] = pickup;
    nodes[j + 2] = delivery;
    this.stopCount += 2;
    this.rebuild();
  }

  /** Removes every stop flagged in `removed` (indexed by node). */
  removeFlagged(removed: Uint8Array): void {
    let kept = 0;
    for (let pos = 1; pos <= this.stopCount; pos++) {
      const node = this.nodes[pos]!;
      if (removed[node] === 1) {
        if (this.index) this.index.routeOf[node] = -1;
      } else {
        this.nodes[++kept] = node;
      }
    }
    this.stopCount = kept;
    this.rebuild();
  }

  /** Takes over `other`'s route and time data (same problem and vehicle). */
  copyFrom(other: RouteState): void {
    const used = other.stopCount + 2;
    const { nodes, start, departure, latest, loadPrefix } = this;
    for (let i = 0; i < used; i++) {
      nodes[i] = other.nodes[i]!;
      start[i] = other.start[i]!;
      departure[i] = other.departure[i]!;
      latest[i] = other.latest[i]!;
      loadPrefix[i] = other.loadPrefix[i]!;
    }
    this.stopCount = other.stopCount;
    this.distance = other.distance;
    this.firstLate = other.firstLate;
    if (this.profile) this.profile.copyFrom(other.profile!, used);
  }

  /** Recomputes the forward and backward data after the node list changed. */
  rebuild(): void {
    const p = this.problem;
    const size = p.nodeCount;
    const { nodes, start, departure, latest, loadPrefix } = this;
    const travel = p.travel;
    const factor = this.travelFactor;
    const v = this.vehicle;
    const last = this.stopCount + 1;
    nodes[last] = p.endNode[v]!;
    start[0] = departure[0] = p.earliestDeparture[v]!;
    loadPrefix[0] = 0;
    let distance = 0;
    let load = 0;
    let firstLate = last + 1;
    let prev = nodes[0]!;
    for (let pos = 1; pos < last; pos++) {
      const node = nodes[pos]!;
      const arrival = departure[pos - 1]! + travel[prev * size + node]! * factor;
      const ws = p.windowStart[node]!;
      const s = arrival > ws ? arrival : ws;
      start[pos] = s;
      departure[pos] = s + p.serviceTime[node]!;
      if (s > p.windowEnd[node]! + EPSILON && firstLate > last) firstLate = pos;
      load += p.demand[node]!;
      loadPrefix[pos] = load;
      distance += p.distance[prev * size + node]!;
      if (this.index) {
        this.index.routeOf[node] = v;
        this.index.positionOf[node] = pos;
      }
      prev = node;
    }
    const end = nodes[last]!;
    const arrival = departure[last - 1]! + travel[prev * size + end]! * factor;
    start[last] = departure[last] = arrival;
    if (arrival > p.latestEnd[v]! + EPSILON && firstLate > last) firstLate = last;
    loadPrefix[last] = load;
    distance += p.distance[prev * size + end]!;
    this.distance = distance;
    this.firstLate = firstLate;
    if (this.index) this.index.touched[v] = 1;

    latest[last] = p.latestEnd[v]!;
    let next = end;
    for (let pos = last - 1; pos >= 0; pos--) {
      const node = nodes[pos]!;
      const following = latest[pos + 1]!;
      if (pos + 1 < last && p.windowStart[next]! > following + EPSILON) {
        latest[pos] = -Infinity;
      } else if (pos === 0) {
        latest[0] = following - travel[node * size + next]! * factor;
      } else {
        const limit = following - travel[node * size + next]! * factor - p.serviceTime[node]!;
        const we = p.windowEnd[node]!;
        latest[pos] = limit < we ? limit : we;
      }
      next = node;
    }
    if (this.profile) this.profile.rebuild(nodes, this.stopCount);
  }
}

/**
 * Whether `stop` can go at list index `position` (0 = first) of `route` with every window,
 * the shift end, the capacity, the stop limit and pins still holding, in constant time. A stop
 * of a pair never goes in alone (see `pair-insertion.ts`).
 */
export function canInsert(route: RouteState, position: number, stop: number): boolean {
  const p = route.problem;
  const pinned = p.pinnedVehicle[stop]!;
  if (pinned >= 0 && pinned !== route.vehicle) return false;
  if (p.hasPairs) {
    if (p.pairRole[stop] !== 0 || !route.profile!.plainFitsAt(position, stop)) return false;
  } else if (route.load + p.demand[stop]! > p.freeCapacity[route.vehicle]! + EPSILON) return false;
  if (route.stopCount >= p.maxStops[route.vehicle]!) return false;
  return canInsertOnTime(route, position, stop);
}

/** The time part of `canInsert`: windows and shift end only. */
export function canInsertOnTime(route: RouteState, position: number, stop: number): boolean {
  if (position >= route.firstLate) return false;
  const p = route.problem;
  const size = p.nodeCount;
  const before = route.nodes[position]!;
  const after = route.nodes[position + 1]!;
  const factor = route.travelFactor;
  const arrival = route.departure[position]! + p.travel[before * size + stop]! * factor;
  const ws = p.windowStart[stop]!;
  const s = arrival > ws ? arrival : ws;
  if (s > p.windowEnd[stop]! + EPSILON) return false;
  let next = s + p.serviceTime[stop]! + p.travel[stop * size + after]! * factor;
  if (position < route.stopCount) {
    const wsAfter = p.windowStart[after]!;
    if (wsAfter > next) next = wsAfter;
  }
  return next <= route.latest[position + 1]! + EPSILON;
}

/** Added distance of putting `stop` at list index `position` of `route`. */
export function insertionCost(route: RouteState, position: number, stop: number): number {
  const p = route.problem;
  const size = p.nodeCount;
  const before = route.nodes[position]!;
  const after = route.nodes[position + 1]!;
  return (
    p.distance[before * size + stop]! +
    p.distance[stop * size + after]! -
    p.distance[before * size + after]!
  );
}

/**
 * Whether the route made of positions 0..`prefixEnd`, then `middle[0..middleCount)`, then
 * positions `suffixStart`..end is on time, walking only the middle. Capacity and pins are the
 * caller's to check.
 */
export function spliceOnTime(
  route: RouteState,
  prefixEnd: number,
  middle: ArrayLike<number>,
  middleCount: number,
  suffixStart: number,
): boolean {
  if (prefixEnd >= route.firstLate) return false;
  const p = route.problem;
  const size = p.nodeCount;
  const factor = route.travelFactor;
  let time = route.departure[prefixEnd]!;
  let prev = route.nodes[prefixEnd]!;
  for (let m = 0; m < middleCount; m++) {
    const node = middle[m]!;
    const arrival = time + p.travel[prev * size + node]! * factor;
    const ws = p.windowStart[node]!;
    const s = arrival > ws ? arrival : ws;
    if (s > p.windowEnd[node]! + EPSILON) return false;
    time = s + p.serviceTime[node]!;
    prev = node;
  }
  const after = route.nodes[suffixStart]!;
  let next = time + p.travel[prev * size + after]! * factor;
  if (suffixStart <= route.stopCount) {
    const wsAfter = p.windowStart[after]!;
    if (wsAfter > next) next = wsAfter;
  }
  return next <= route.latest[suffixStart]! + EPSILON;
}

/**
 * Whether `head`'s positions 0..`headEnd` followed by `tail`'s positions `tailStart`.. (its
 * stops, then `head`'s own end) are on time, travelled at `head`'s speed: the 2-opt* check.
 * Constant time when both vehicles end at the same place by the same time at the same travel
 * factor; otherwise it walks the tail.
 */
export function joinOnTime(
  head: RouteState,
  headEnd: number,
  tail: RouteState,
  tailStart: number,
): boolean {
  // Nothing from either route: the vehicle stays unused, which is always on time.
  if (headEnd === 0 && tailStart > tail.stopCount) return true;
  const p = head.problem;
  if (
    p.endNode[head.vehicle] === p.endNode[tail.vehicle] &&
    p.latestEnd[head.vehicle] === p.latestEnd[tail.vehicle] &&
    head.travelFactor === tail.travelFactor
  ) {
    if (headEnd >= head.firstLate) return false;
    const size = p.nodeCount;
    const before = head.nodes[headEnd]!;
    const after = tail.nodes[tailStart]!;
    let next = head.departure[headEnd]! + p.travel[before * size + after]! * head.travelFactor;
    if (tailStart <= tail.stopCount) {
      const wsAfter = p.windowStart[after]!;
      if (wsAfter > next) next = wsAfter;
    }
    return next <= tail.latest[tailStart]! + EPSILON;
  }
  return spliceOnTime(
    head,
    headEnd,
    tail.nodes.subarray(tailStart, tail.stopCount + 1),
    tail.stopCount + 1 - tailStart,
    head.stopCount + 1,
  );
}
