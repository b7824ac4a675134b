/**
 * The routing model shared by live dispatch and the Solomon benchmark. Times share one unit of
 * the caller's choosing (seconds for live dispatch, Solomon's abstract units for the benchmark).
 */

/** A place a route can visit: a stop, a depot or a courier's current position. */
export interface RoutingNode {
  /** Service may not start before this; arriving earlier means waiting. */
  windowStart: number;
  /** Service must start by this (the promise to the customer). */
  windowEnd: number;
  serviceTime: number;
  demand: number;
}

/** A courier or truck: where and when it starts, where it must end, what it can carry. */
export interface RoutingVehicle {
  startNode: number;
  /** The depot it returns to; absent for an open route (a courier ends at its last stop). */
  endNode?: number | undefined;
  capacity: number;
  /** Load already on board that the planned stops cannot use. */
  usedLoad?: number | undefined;
  /** Shift start, or "now" for a courier already on the road. */
  earliestDeparture: number;
  /** Shift end: arrival at the end node, or the end of the last service on an open route. */
  latestEnd: number;
  /**
   * Multiplies every travel time of this vehicle (1.6: a bike 60% slower than the matrix);
   * distances do not change. 1 by default.
   */
  travelFactor?: number | undefined;
  /** Most stops its route may hold (a dispatcher's "nobody gets more than 18"); no limit by default. */
  maxStops?: number | undefined;
}

/** A stop that must stay on one vehicle (a dispatcher's decision); its order there may change. */
export interface StopPin {
  stop: number;
  vehicle: number;
}

/**
 * A pickup and its delivery: both on one vehicle, the pickup first. The pickup's demand (at
 * least 0) goes on board there and leaves at the delivery, whose demand is its negative.
 */
export interface StopPair {
  pickup: number;
  delivery: number;
}

/**
 * A planning problem. Nodes are indexed 0..n-1; matrices are row-major n×n
 * (`travelTimes[from * n + to]`). Start and end nodes' own windows and service times are
 * ignored: the vehicle's departure and shift end rule there.
 */
export interface RoutingProblem {
  nodes: readonly RoutingNode[];
  /** Node indices to serve; vehicles' start and end nodes are not stops. */
  stops: readonly number[];
  vehicles: readonly RoutingVehicle[];
  travelTimes: ArrayLike<number>;
  /** What the planner minimises; pass travel times here to minimise driving time instead. */
  distances: ArrayLike<number>;
  pins?: readonly StopPin[] | undefined;
  /**
   * Pickup-and-delivery pairs. With pairs the load is checked at every point of a route: stops
   * outside pairs (demand at least 0) are delivered from the start, so their load is on board
   * from the start to the stop. Without pairs a route's load is the sum of its demands.
   */
  pairs?: readonly StopPair[] | undefined;
}

/** One ordered list of stops per vehicle (same order as `problem.vehicles`), and the rest. */
export interface Solution {
  routes: number[][];
  unassigned: number[];
}

/** Row-major matrix of straight-line distances between points, unrounded. */
export function euclideanMatrix(xs: ArrayLike<number>, ys: ArrayLike<number>): Float64Array {
  const n = xs.length;
  const matrix = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      matrix[i * n + j] = Math.hypot(xs[i]! - xs[j]!, ys[i]! - ys[j]!);
    }
  }
  return matrix;
}

/** Throws a RangeError naming the first malformed part of a problem. */
export function validateProblem(problem: RoutingProblem): void {
  const n = problem.nodes.length;
  const fail = (message: string): never => {
    throw new RangeError(`invalid routing problem: ${message}`);
  };
  const isNode = (index: number | undefined) =>
    index !== undefined && Number.isInteger(index) && index >= 0 && index < n;
  if (problem.travelTimes.length !== n * n) fail(`travelTimes must hold ${n}×${n} entries`);
  if (problem.distances.length !== n * n) fail(`distances must hold ${n}×${n} entries`);
  problem.nodes.forEach((node, index) => {
    const values = [node.windowStart, node.windowEnd, node.serviceTime, node.demand];
    if (values.some((v) => Number.isNaN(v))) fail(`node ${index} has a NaN field`);
  });
  const role = new Int8Array(n);
  problem.vehicles.forEach((vehicle, v) => {
    if (!isNode(vehicle.startNode))
      fail(`vehicle ${v} starts at unknown node ${vehicle.startNode}`);
    if (vehicle.endNode !== undefined && !isNode(vehicle.endNode))
      fail(`vehicle ${v} ends at unknown node ${vehicle.endNode}`);
    if (!(vehicle.capacity >= 0)) fail(`vehicle ${v} has no valid capacity`);
    const factor = vehicle.travelFactor ?? 1;
    if (!(Number.isFinite(factor) && factor > 0))
      fail(`vehicle ${v} has travelFactor ${factor}; it must be a finite number above 0`);
    const maxStops = vehicle.maxStops ?? Infinity;
    if (!(maxStops === Infinity || (Number.isInteger(maxStops) && maxStops >= 0)))
      fail(`vehicle ${v} has maxStops ${maxStops}; it must be a whole number of at least 0`);
    role[vehicle.startNode] = 1;
    if (vehicle.endNode !== undefined) role[vehicle.endNode] = 1;
  });
  for (const stop of problem.stops) {
    if (!isNode(stop)) fail(`stop ${stop} is not a node index`);
    if (role[stop] === 1) fail(`node ${stop} is both a stop and a vehicle's start or end`);
    if (role[stop] === 2) fail(`stop ${stop} is listed twice`);
    role[stop] = 2;
  }
  for (const pin of problem.pins ?? []) {
    if (!isNode(pin.stop) || role[pin.stop] !== 2) fail(`pinned node ${pin.stop} is not a stop`);
    if (!(
      Number.isInteger(pin.vehicle) &&
      pin.vehicle >= 0 &&
      pin.vehicle < problem.vehicles.length
    ))
      fail(`stop ${pin.stop} is pinned to unknown vehicle ${pin.vehicle}`);
  }
  validatePairs(problem, role, fail);
}

/** Pairs name two different stops, each stop is in one pair at most, and the demands match. */
function validatePairs(
  problem: RoutingProblem,
  role: Int8Array,
  fail: (message: string) => never,
): void {
  const pairs = problem.pairs ?? [];
  if (pairs.length === 0) return;
  const inPair = new Uint8Array(problem.nodes.length);
  const pinOf = new Map((problem.pins ?? []).map((pin) => [pin.stop, pin.vehicle]));
  for (const { pickup, delivery } of pairs) {
    if (pickup === delivery) fail(`stop ${pickup} is paired with itself`);
    for (const node of [pickup, delivery]) {
      if (!(Number.isInteger(node) && role[node] === 2)) fail(`paired node ${node} is not a stop`);
      if (inPair[node] === 1) fail(`stop ${node} is in more than one pair`);
      inPair[node] = 1;
    }
    const load = problem.nodes[pickup]!.demand;
    if (!(load >= 0 && problem.nodes[delivery]!.demand === -load))
      fail(
        `pair ${pickup}→${delivery} needs a pickup demand of at least 0 and its negative at the delivery`,
      );
    const pinP = pinOf.get(pickup);
    const pinD = pinOf.get(delivery);
    if (pinP !== undefined && pinD !== undefined && pinP !== pinD)
      fail(`pair ${pickup}→${delivery} is pinned to two vehicles`);
  }
  for (const stop of problem.stops) {
    if (inPair[stop] === 0 && !(problem.nodes[stop]!.demand >= 0))
      fail(
        `stop ${stop} is in no pair, so it is delivered from the start: its demand must be at least 0`,
      );
  }
}
