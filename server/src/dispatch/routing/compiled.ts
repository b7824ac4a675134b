import { validateProblem, type RoutingProblem } from './problem';

/** Floating-point slack on time and load comparisons (unrounded Euclidean sums are not exact). */
export const EPSILON = 1e-9;

/**
 * A problem flattened into typed arrays for the fast path. One extra node, `openEnd`, stands
 * for "wherever the last stop is": zero travel and distance to it, so open routes need no
 * special case.
 */
export interface CompiledProblem {
  /** Nodes including `openEnd`; the matrices are `nodeCount × nodeCount`. */
  readonly nodeCount: number;
  readonly openEnd: number;
  readonly windowStart: Float64Array;
  readonly windowEnd: Float64Array;
  readonly serviceTime: Float64Array;
  readonly demand: Float64Array;
  readonly travel: Float64Array;
  readonly distance: Float64Array;
  readonly stops: Int32Array;
  /** 1 for nodes listed as stops. */
  readonly isStop: Uint8Array;
  readonly vehicleCount: number;
  readonly startNode: Int32Array;
  /** `openEnd` for open routes. */
  readonly endNode: Int32Array;
  /** Capacity minus the load already on board. */
  readonly freeCapacity: Float64Array;
  readonly earliestDeparture: Float64Array;
  readonly latestEnd: Float64Array;
  /** Each vehicle's multiplier on `travel` (1 for most). */
  readonly travelFactor: Float64Array;
  /** Most stops each vehicle's route may hold; Infinity when unlimited. */
  readonly maxStops: Float64Array;
  /**
   * Vehicles with equal start, end, times, capacity, travel factor and stop limit share a class:
   * their empty routes are interchangeable.
   */
  readonly vehicleClass: Int32Array;
  /** Vehicle a stop is pinned to, or -1 (a pin on one stop of a pair holds both). */
  readonly pinnedVehicle: Int32Array;
  /** Whether the problem has pickup-and-delivery pairs; without, the arrays below go unused. */
  readonly hasPairs: boolean;
  /** The other stop of a node's pair, or -1. */
  readonly partner: Int32Array;
  /** 1 for a pickup, -1 for a delivery, 0 for any other node. */
  readonly pairRole: Int8Array;
  /** Load a stop puts on board at the route's start: a plain stop's demand, 0 in a pair. */
  readonly startLoad: Float64Array;
  /** Change of the load on board leaving a stop: a pair stop's demand, minus a plain stop's. */
  readonly loadChange: Float64Array;
}

/** Validates and flattens a problem. */
export function compileProblem(problem: RoutingProblem): CompiledProblem {
  validateProblem(problem);
  const n = problem.nodes.length;
  const size = n + 1;
  const openEnd = n;
  const windowStart = new Float64Array(size);
  const windowEnd = new Float64Array(size);
  const serviceTime = new Float64Array(size);
  const demand = new Float64Array(size);
  problem.nodes.forEach((node, i) => {
    windowStart[i] = node.windowStart;
    windowEnd[i] = node.windowEnd;
    serviceTime[i] = node.serviceTime;
    demand[i] = node.demand;
  });
  windowStart[openEnd] = -Infinity;
  windowEnd[openEnd] = Infinity;

  const travel = withOpenEnd(problem.travelTimes, n);
  // Most problems minimise travel time itself: one matrix then serves as both (at a day's plan
  // of 8,000 stops, a matrix is half a gigabyte).
  const distance =
    problem.distances === problem.travelTimes ? travel : withOpenEnd(problem.distances, n);

  const stops = Int32Array.from(problem.stops);
  const isStop = new Uint8Array(size);
  for (const stop of stops) isStop[stop] = 1;

  const vehicleCount = problem.vehicles.length;
  const startNode = new Int32Array(vehicleCount);
  const endNode = new Int32Array(vehicleCount);
  const freeCapacity = new Float64Array(vehicleCount);
  const earliestDeparture = new Float64Array(vehicleCount);
  const latestEnd = new Float64Array(vehicleCount);
  const travelFactor = new Float64Array(vehicleCount);
  const maxStops = new Float64Array(vehicleCount);
  const vehicleClass = new Int32Array(vehicleCount);
  const classKeys = new Map<string, number>();
  problem.vehicles.forEach((vehicle, v) => {
    startNode[v] = vehicle.startNode;
    endNode[v] = vehicle.endNode ?? openEnd;
    freeCapacity[v] = vehicle.capacity - (vehicle.usedLoad ?? 0);
    earliestDeparture[v] = vehicle.earliestDeparture;
    latestEnd[v] = vehicle.latestEnd;
    travelFactor[v] = vehicle.travelFactor ?? 1;
    maxStops[v] = vehicle.maxStops ?? Infinity;
    const key =
      `${startNode[v]}|${endNode[v]}|${freeCapacity[v]}|${earliestDeparture[v]}|${latestEnd[v]}` +
      `|${travelFactor[v]}|${maxStops[v]}`;
    const known = classKeys.get(key);
    vehicleClass[v] = known ?? classKeys.size;
    if (known === undefined) classKeys.set(key, classKeys.size);
  });

  const pinnedVehicle = new Int32Array(size).fill(-1);
  for (const pin of problem.pins ?? []) pinnedVehicle[pin.stop] = pin.vehicle;

  const pairs = problem.pairs ?? [];
  const partner = new Int32Array(size).fill(-1);
  const pairRole = new Int8Array(size);
  for (const { pickup, delivery } of pairs) {
    partner[pickup] = delivery;
    partner[delivery] = pickup;
    pairRole[pickup] = 1;
    pairRole[delivery] = -1;
    const pin = Math.max(pinnedVehicle[pickup]!, pinnedVehicle[delivery]!);
    pinnedVehicle[pickup] = pinnedVehicle[delivery] = pin;
  }
  const startLoad = new Float64Array(size);
  const loadChange = new Float64Array(size);
  for (const stop of stops) {
    if (pairRole[stop] === 0) {
      startLoad[stop] = demand[stop]!;
      loadChange[stop] = -demand[stop]!;
    } else {
      loadChange[stop] = demand[stop]!;
    }
  }

  return {
    nodeCount: size,
    openEnd,
    windowStart,
    windowEnd,
    serviceTime,
    demand,
    travel,
    distance,
    stops,
    isStop,
    vehicleCount,
    startNode,
    endNode,
    freeCapacity,
    earliestDeparture,
    latestEnd,
    travelFactor,
    maxStops,
    vehicleClass,
    pinnedVehicle,
    hasPairs: pairs.length > 0,
    partner,
    pairRole,
    startLoad,
    loadChange,
  };
}

/** An `n × n` matrix laid out `(n + 1) × (n + 1)`, the extra row and column (`openEnd`) zero. */
function withOpenEnd(matrix: ArrayLike<number>, n: number): Float64Array {
  const size = n + 1;
  const out = new Float64Array(size * size);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) out[i * size + j] = matrix[i * n + j]!;
  }
  return out;
}
