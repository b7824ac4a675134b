import type { RoutingProblem, Solution } from './problem';

/** Slack on time and load comparisons, for sums of unrounded distances. */
const TOLERANCE = 1e-6;

/** One way a solution breaks the problem's rules. */
export type Violation =
  | { kind: 'unknown_vehicle'; vehicle: number }
  | { kind: 'unknown_stop'; node: number; vehicle: number | null }
  | { kind: 'missing'; stop: number }
  | { kind: 'duplicate'; stop: number; count: number }
  | { kind: 'unassigned'; stop: number }
  | { kind: 'window'; vehicle: number; stop: number; arrival: number; windowEnd: number }
  | { kind: 'capacity'; vehicle: number; load: number; capacity: number }
  | { kind: 'max_stops'; vehicle: number; stops: number; maxStops: number }
  | { kind: 'shift_end'; vehicle: number; end: number; latestEnd: number }
  | { kind: 'pin'; stop: number; vehicle: number; actualVehicle: number }
  /** A pair's stops on two vehicles, or one served and the other not (null: unassigned). */
  | {
      kind: 'pair_split';
      pickup: number;
      delivery: number;
      pickupVehicle: number | null;
      deliveryVehicle: number | null;
    }
  | { kind: 'delivery_before_pickup'; vehicle: number; pickup: number; delivery: number }
  /** With pairs: the load on board leaving `stop` (null: the start) exceeds the capacity. */
  | { kind: 'over_capacity'; vehicle: number; stop: number | null; load: number; capacity: number };

/** What the checker demands beyond the rules of the routes themselves. */
export interface CheckOptions {
  /** Report every unassigned stop (the benchmark's rule: serve everyone). */
  requireAllAssigned?: boolean;
}

/**
 * Checks a solution from scratch, sharing nothing with the planner's fast path: every stop
 * exactly once, windows (waiting allowed when early, travel at the vehicle's travel factor),
 * capacity, stop limit, shift end and pins; with pairs, each pair on one vehicle, pickup
 * first, and the load after every stop.
 */
export function checkSolution(
  problem: RoutingProblem,
  solution: Solution,
  options: CheckOptions = {},
): Violation[] {
  const violations: Violation[] = [];
  const stopSet = new Set(problem.stops);
  const seen = new Map<number, number>();
  /** The last vehicle seen serving each stop. */
  const vehicleOfStop = new Map<number, number>();
  const count = (node: number, vehicle: number | null) => {
    if (!stopSet.has(node)) {
      violations.push({ kind: 'unknown_stop', node, vehicle });
      return false;
    }
    seen.set(node, (seen.get(node) ?? 0) + 1);
    if (vehicle !== null) vehicleOfStop.set(node, vehicle);
    return true;
  };

  solution.routes.forEach((route, vehicle) => {
    if (vehicle >= problem.vehicles.length && route.length > 0)
      violations.push({ kind: 'unknown_vehicle', vehicle });
    const known = route.filter((node) => count(node, vehicle));
    if (vehicle < problem.vehicles.length) checkRoute(problem, vehicle, known, violations);
  });
  for (const node of solution.unassigned) {
    if (count(node, null) && options.requireAllAssigned)
      violations.push({ kind: 'unassigned', stop: node });
  }
  for (const stop of problem.stops) {
    const times = seen.get(stop) ?? 0;
    if (times === 0) violations.push({ kind: 'missing', stop });
    if (times > 1) violations.push({ kind: 'duplicate', stop, count: times });
  }
  checkPairs(problem, solution, violations);
  for (const pin of problem.pins ?? []) {
    // An unassigned pinned stop is reported like any unassigned stop, not as moved.
    const actual = vehicleOfStop.get(pin.stop);
    if (actual !== undefined && actual !== pin.vehicle)
      violations.push({ kind: 'pin', stop: pin.stop, vehicle: pin.vehicle, actualVehicle: actual });
  }
  return violations;
}

function checkRoute(
  problem: RoutingProblem,
  vehicleIndex: number,
  stops: readonly number[],
  violations: Violation[],
): void {
  const vehicle = problem.vehicles[vehicleIndex]!;
  const n = problem.nodes.length;
  const factor = vehicle.travelFactor ?? 1;
  const travel = (from: number, to: number) => problem.travelTimes[from * n + to]! * factor;
  let time = vehicle.earliestDeparture;
  let at = vehicle.startNode;
  let load = vehicle.usedLoad ?? 0;
  if (problem.pairs?.length) checkLoadProfile(problem, vehicleIndex, stops, violations);
  for (const stop of stops) {
    const node = problem.nodes[stop]!;
    const arrival = time + travel(at, stop);
    if (arrival > node.windowEnd + TOLERANCE)
      violations.push({
        kind: 'window',
        vehicle: vehicleIndex,
        stop,
        arrival,
        windowEnd: node.windowEnd,
      });
    time = Math.max(arrival, node.windowStart) + node.serviceTime;
    load += node.demand;
    at = stop;
  }
  if (stops.length > 0) {
    const end = vehicle.endNode === undefined ? time : time + travel(at, vehicle.endNode);
    if (end > vehicle.latestEnd + TOLERANCE)
      violations.push({
        kind: 'shift_end',
        vehicle: vehicleIndex,
        end,
        latestEnd: vehicle.latestEnd,
      });
  }
  if (!problem.pairs?.length && load > vehicle.capacity + TOLERANCE)
    violations.push({ kind: 'capacity', vehicle: vehicleIndex, load, capacity: vehicle.capacity });
  const maxStops = vehicle.maxStops ?? Infinity;
  if (stops.length > maxStops)
    violations.push({ kind: 'max_stops', vehicle: vehicleIndex, stops: stops.length, maxStops });
}

/**
 * The load along a route of a problem with pairs: leaving the start with the used load and
 * every plain stop's demand, adding a pickup's, dropping a delivery's and each plain stop's
 * own. Reports the first point above capacity.
 */
function checkLoadProfile(
  problem: RoutingProblem,
  vehicleIndex: number,
  stops: readonly number[],
  violations: Violation[],
): void {
  const vehicle = problem.vehicles[vehicleIndex]!;
  const paired = new Set<number>();
  for (const pair of problem.pairs ?? []) paired.add(pair.pickup).add(pair.delivery);
  const demand = (stop: number) => problem.nodes[stop]!.demand;
  let load = vehicle.usedLoad ?? 0;
  for (const stop of stops) if (!paired.has(stop)) load += demand(stop);
  const over = (stop: number | null) => {
    if (load <= vehicle.capacity + TOLERANCE) return false;
    violations.push({
      kind: 'over_capacity',
      vehicle: vehicleIndex,
      stop,
      load,
      capacity: vehicle.capacity,
    });
    return true;
  };
  if (over(null)) return;
  for (const stop of stops) {
    load += paired.has(stop) ? demand(stop) : -demand(stop);
    if (over(stop)) return;
  }
}

/** Each pair on one vehicle with the pickup first, or both unassigned. */
function checkPairs(problem: RoutingProblem, solution: Solution, violations: Violation[]): void {
  if (!problem.pairs?.length) return;
  const placeOf = new Map<number, { vehicle: number; index: number }>();
  solution.routes.forEach((route, vehicle) =>
    route.forEach((stop, index) => {
      if (!placeOf.has(stop)) placeOf.set(stop, { vehicle, index });
    }),
  );
  for (const { pickup, delivery } of problem.pairs) {
    const first = placeOf.get(pickup);
    const then = placeOf.get(delivery);
    if (!first && !then) continue;
    if (!first || !then || first.vehicle !== then.vehicle) {
      violations.push({
        kind: 'pair_split',
        pickup,
        delivery,
        pickupVehicle: first?.vehicle ?? null,
        deliveryVehicle: then?.vehicle ?? null,
      });
    } else if (then.index < first.index) {
      violations.push({ kind: 'delivery_before_pickup', vehicle: first.vehicle, pickup, delivery });
    }
  }
}

/**
 * Distance driven by a solution, recomputed from the problem's matrix. A vehicle with no stops
 * still drives from its start to its end node (nothing when they are the same place).
 */
export function solutionDistance(problem: RoutingProblem, solution: Solution): number {
  const n = problem.nodes.length;
  let total = 0;
  solution.routes.forEach((route, v) => {
    const vehicle = problem.vehicles[v];
    if (!vehicle) return;
    let at = vehicle.startNode;
    for (const stop of route) {
      total += problem.distances[at * n + stop]!;
      at = stop;
    }
    if (vehicle.endNode !== undefined) total += problem.distances[at * n + vehicle.endNode]!;
  });
  return total;
}
