import type { TravelTimeProvider } from '../../eta';
import { planRoutes, type RoutingProblem } from '../routing';
import { placeLate } from './late-placement';
import { walkRoute } from './route-walk';
import { buildPlanProblem, type PlanCourier, type PlanStop } from './plan-problem';
import { calibrateTravel, type TravelCalibration } from './travel-calibration';

/** How a plan is made. */
export interface PlanDeliveriesOptions {
  /** Wall-clock budget of the search; 2 s by default. */
  timeLimitMs?: number;
  seed?: number;
  /**
   * Most stops a courier may end up with, its open ones included. By default the work is
   * balanced: 1.2 × the average over the couriers, rounded up. A stop that fits on time only
   * past the limit still goes there rather than nowhere.
   */
  maxStopsPerCourier?: number;
  /** Stops nobody can serve on time: placed where they add least lateness (true) or left unplanned. */
  placeLateStops?: boolean;
}

/** A plan: per courier, the stops (indices into the input) it takes, in visiting order. */
export interface DeliveryPlan {
  routes: number[][];
  /** Stops planned although predicted late, with the predicted minutes. */
  late: { stop: number; lateMinutes: number }[];
  /** Stops left out: nobody can serve them on time (and `placeLateStops` was off), or nobody has room. */
  unplanned: number[];
  /** Predicted driving time of the planned work, seconds. */
  travelSeconds: number;
  maxStopsPerCourier: number;
  iterations: number;
  elapsedMs: number;
  calibration: TravelCalibration;
}

/** Share above the average number of stops a courier may get when the work is balanced. */
export const BALANCE_SLACK = 1.2;

/**
 * Plans stops onto couriers with the routing core: travel times fitted to `provider`, hard
 * windows, capacities, shift ends and a per-courier stop limit that spreads the work; then any
 * stop the search could not fit is placed where it is on time past the limit, or (when asked)
 * where it adds least lateness.
 */
export function planDeliveries(
  couriers: readonly PlanCourier[],
  stops: readonly PlanStop[],
  provider: TravelTimeProvider,
  now: number,
  options: PlanDeliveriesOptions = {},
): DeliveryPlan {
  const calibration = calibrateTravel(
    provider,
    [...couriers.map((c) => c.start), ...stops],
    now,
    couriers.map((c) => c.vehicle),
  );
  return planCalibrated({ couriers, stops, calibration, now, options });
}

/** Everything a plan needs as plain data (what a planning worker receives). */
export interface PlanInput {
  couriers: readonly PlanCourier[];
  stops: readonly PlanStop[];
  calibration: TravelCalibration;
  /** Epoch ms the plan starts from. */
  now: number;
  options: PlanDeliveriesOptions;
}

/** `planDeliveries` with the travel times already fitted. */
export function planCalibrated(input: PlanInput): DeliveryPlan {
  const { couriers, stops, calibration, now, options } = input;
  const began = performance.now();
  if (couriers.length === 0) {
    return {
      routes: [],
      late: [],
      unplanned: stops.map((_, i) => i),
      travelSeconds: 0,
      maxStopsPerCourier: 0,
      iterations: 0,
      elapsedMs: performance.now() - began,
      calibration,
    };
  }
  const openStops = couriers.reduce((sum, c) => sum + c.openStops, 0);
  const limit =
    options.maxStopsPerCourier ??
    Math.ceil((BALANCE_SLACK * (openStops + stops.length)) / couriers.length);
  // A courier always has room for the stops it keeps.
  const pinned = couriers.map(() => 0);
  for (const stop of stops) if (stop.pinnedTo !== undefined) pinned[stop.pinnedTo]!++;
  const maxStops = couriers.map((c, i) => Math.max(limit - c.openStops, pinned[i]!, 0));
  const problem = buildPlanProblem(couriers, stops, calibration, now, maxStops);
  const result = planRoutes(problem, {
    timeLimitMs: options.timeLimitMs ?? 2000,
    seed: options.seed ?? 1,
  });
  const routes = result.solution.routes.map((route) => [...route]);
  const first = couriers.length;
  const pinOf = (node: number) => stops[node - first]?.pinnedTo;
  // A courier's own stops stay with it even when they can only be late there.
  placeLate(
    problem,
    routes,
    result.solution.unassigned.filter((node) => pinOf(node) !== undefined),
    { countShiftOverrun: true, vehicleOf: pinOf },
  );
  // What the search left out but fits on time: under the stop limits if it can, else past one
  // rather than nowhere.
  const withinLimits = placeLate(
    problem,
    routes,
    result.solution.unassigned.filter((node) => pinOf(node) === undefined),
    { maxAddedLateSeconds: 0, countShiftOverrun: true, maxStops, strictMaxStops: true },
  );
  const onTime = placeLate(problem, routes, withinLimits.left, {
    maxAddedLateSeconds: 0,
    countShiftOverrun: true,
  });
  // What can only be late is spread over the couriers with room, when asked for.
  const { left } = options.placeLateStops
    ? placeLate(problem, routes, onTime.left, { countShiftOverrun: true, maxStops })
    : onTime;
  const { lateSeconds, travelSeconds } = measure(problem, routes);
  return {
    routes: routes.map((route) => route.map((node) => node - first)),
    late: [...lateSeconds].map(([node, late]) => ({
      stop: node - first,
      lateMinutes: Math.ceil(late / 60),
    })),
    unplanned: left.map((node) => node - first).sort((a, b) => a - b),
    travelSeconds,
    maxStopsPerCourier: limit,
    iterations: result.iterations,
    elapsedMs: performance.now() - began,
    calibration,
  };
}

/** Each late stop's lateness and the total driving time of the routes, by the vehicles' own pace. */
function measure(
  problem: RoutingProblem,
  routes: readonly number[][],
): { lateSeconds: Map<number, number>; travelSeconds: number } {
  const lateSeconds = new Map<number, number>();
  let travelSeconds = 0;
  routes.forEach((route, v) => {
    walkRoute(problem, v, route, (stop, start, leg) => {
      travelSeconds += leg;
      const windowEnd = problem.nodes[stop]!.windowEnd;
      if (start > windowEnd + 1e-6) lateSeconds.set(stop, start - windowEnd);
    });
  });
  return { lateSeconds, travelSeconds };
}
