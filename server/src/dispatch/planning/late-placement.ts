import type { RoutingProblem } from '../routing/problem';
import { walkRoute } from './route-walk';

/** A route's lateness and finishing time, seconds. */
interface RouteCost {
  lateSeconds: number;
  endSeconds: number;
}

/** Where `placeLate` put a stop, and the lateness that added. */
export interface LatePlacement {
  stop: number;
  vehicle: number;
  /** Lateness added over the whole route (the stop's own and any it pushes later). */
  addedLateSeconds: number;
}

export interface PlaceLateOptions {
  /** Leave a stop out when its best place adds more lateness than this; by default none is left out. */
  maxAddedLateSeconds?: number;
  /** Count working past the shift end (arrival at the end node, or the last service's end) as lateness. */
  countShiftOverrun?: boolean;
  /** The only vehicle a stop may go on (a stop that must stay with its courier), if any. */
  vehicleOf?: (stop: number) => number | undefined;
  /** Stops a vehicle's route may hold: fuller ones get a stop only when no other has room. */
  maxStops?: readonly number[];
  /** Never past `maxStops`: a stop no vehicle under its limit can take is left out. */
  strictMaxStops?: boolean;
}

/**
 * Places stops the planner could not fit into the routes (changed in place) where they add the
 * least lateness (then the least time), most urgent first. Window ends and shift ends are not
 * enforced here, only measured; a vehicle's capacity and stop limit are, unless no vehicle has
 * room (the stop must still be driven by someone). Returns the placements and the stops left out.
 */
export function placeLate(
  problem: RoutingProblem,
  routes: number[][],
  stops: readonly number[],
  options: PlaceLateOptions = {},
): { placed: LatePlacement[]; left: number[] } {
  const maxAdded = options.maxAddedLateSeconds ?? Infinity;
  const overrun = options.countShiftOverrun ?? false;
  const byUrgency = [...stops].sort(
    (a, b) => problem.nodes[a]!.windowEnd - problem.nodes[b]!.windowEnd || a - b,
  );
  const loads = routes.map((route) => route.reduce((sum, s) => sum + problem.nodes[s]!.demand, 0));
  const placed: LatePlacement[] = [];
  const left: number[] = [];
  for (const stop of byUrgency) {
    const demand = problem.nodes[stop]!.demand;
    const hasRoom = (vehicle: number) => {
      const v = problem.vehicles[vehicle]!;
      return loads[vehicle]! + demand <= v.capacity - (v.usedLoad ?? 0) && underLimit(vehicle);
    };
    const only = options.vehicleOf?.(stop);
    const underLimit = (vehicle: number) =>
      routes[vehicle]!.length < (options.maxStops?.[vehicle] ?? Infinity);
    const allowed = (vehicle: number) =>
      (only === undefined || vehicle === only) && (!options.strictMaxStops || underLimit(vehicle));
    const anyRoom = routes.some((_, vehicle) => allowed(vehicle) && hasRoom(vehicle));
    let best: { vehicle: number; index: number; lateSeconds: number; addedSeconds: number } | null =
      null;
    for (let vehicle = 0; vehicle < routes.length; vehicle++) {
      if (!allowed(vehicle) || (anyRoom && !hasRoom(vehicle))) continue;
      const route = routes[vehicle]!;
      const before = routeCost(problem, vehicle, route, overrun);
      for (let index = 0; index <= route.length; index++) {
        const trial = [...route.slice(0, index), stop, ...route.slice(index)];
        const after = routeCost(problem, vehicle, trial, overrun);
        const lateSeconds = after.lateSeconds - before.lateSeconds;
        const addedSeconds = after.endSeconds - before.endSeconds;
        if (
          !best ||
          lateSeconds < best.lateSeconds ||
          (lateSeconds === best.lateSeconds && addedSeconds < best.addedSeconds)
        ) {
          best = { vehicle, index, lateSeconds, addedSeconds };
        }
      }
    }
    if (!best) {
      if (options.strictMaxStops) {
        left.push(stop);
        continue;
      }
      throw new RangeError('no route to place a late stop on');
    }
    if (best.lateSeconds > maxAdded) {
      left.push(stop);
      continue;
    }
    const { vehicle, index } = best;
    routes[vehicle]!.splice(index, 0, stop);
    loads[vehicle]! += demand;
    placed.push({ stop, vehicle, addedLateSeconds: best.lateSeconds });
  }
  return { placed, left };
}

/** Lateness summed over a route's stops (and the shift end when asked), and when its last service ends. */
function routeCost(
  problem: RoutingProblem,
  vehicleIndex: number,
  route: readonly number[],
  countShiftOverrun: boolean,
): RouteCost {
  let lateSeconds = 0;
  const { endSeconds, lastNode } = walkRoute(problem, vehicleIndex, route, (stop, start) => {
    lateSeconds += Math.max(0, start - problem.nodes[stop]!.windowEnd);
  });
  if (countShiftOverrun && route.length > 0) {
    const vehicle = problem.vehicles[vehicleIndex]!;
    const n = problem.nodes.length;
    const end =
      vehicle.endNode === undefined
        ? endSeconds
        : endSeconds +
          problem.travelTimes[lastNode * n + vehicle.endNode]! * (vehicle.travelFactor ?? 1);
    lateSeconds += Math.max(0, end - vehicle.latestEnd);
  }
  return { lateSeconds, endSeconds };
}
