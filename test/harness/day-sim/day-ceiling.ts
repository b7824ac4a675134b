import { VEHICLE_SPEED_MPS, type Vehicle } from '@dispatch/shared';
import { walkRoute } from '../../../server/src/dispatch/planning/route-walk';
import { createSimCouriers } from './day-fleet';
import { balancedStopLimit, solveDay, type DayPlan, type PlanVehicle } from './day-plan';
import { TICK_MS } from './day-simulation';
import type { DayScenario } from './scenario';
import { shiftParts, type ShiftPart } from './shift-parts';
import { StreetTimes, type TravelMatrix } from './street-times';
import { TrafficTimes } from './traffic-times';

/** The ceiling's search budget, as a multiple of the morning plan's rounds. */
export const CEILING_BUDGET = 10;
/** Share of the rounds spent on the first pass, which only finds where each part ends. */
const FIRST_PASS_SHARE = 0.25;
/**
 * Kept clear of every window end and hold start: the simulation moves in 10 s steps and a step
 * that a hold begins in is frozen whole, so a plan to the second could come out seconds late.
 */
const MARGIN_MS = TICK_MS;

/**
 * In the world's traffic a motorised courier parks near the stop (20–150 m for a car) and walks
 * to the door and back at about 1.35 m/s, sometimes circling for a spot: what that costs per
 * leg on average. Which leg costs how much no plan can know in advance.
 */
const PARKING_WALK_SECONDS: Partial<Record<Vehicle, number>> = { car: 130, van: 115, scooter: 50 };
/**
 * Couriers in the world's traffic leave the shortest path on 10–40 % of their longer legs, up
 * to 1.8 × its length: on average some 8 % more time on the road.
 */
const DETOUR_ALLOWANCE = 1.08;

/**
 * In the world's traffic the ceiling knows each leg's expected time, not the time it will take
 * (a red light or a green one, where the courier parks, a detour): it plans to reach each stop
 * this long before its window closes, and to be done this long before a hold, as a dispatcher
 * planning with a buffer would (the same 15 min the bench's hub works to).
 */
export const TRAFFIC_MARGIN_MS = 15 * 60_000;

/** What the ceiling knows beyond the morning plan: how fast each courier really drives. */
export interface WorldKnowledge {
  /** Per courier: its travel times ÷ the matrix's (the vehicle's typical speed ÷ its own). */
  travelFactors: ReadonlyMap<number, number>;
}

/** Each courier's pace as the simulated day will drive it. */
export function worldKnowledge(scenario: DayScenario): WorldKnowledge {
  const travelFactors = new Map<number, number>();
  for (const courier of createSimCouriers(scenario).values()) {
    travelFactors.set(courier.id, VEHICLE_SPEED_MPS[courier.vehicle] / courier.cruiseMps);
  }
  return { travelFactors };
}

/**
 * The best the product's planner can do knowing the whole day in advance: the same routing core
 * and late placement as the morning plan, with the same stop limit per courier, given the
 * world's travel times (in the world's traffic: as `expectedTravelSeconds` has them at the
 * hour each leg is driven, with an allowance for parking and detours), each courier's own pace (the routing core's
 * per-vehicle travel factor), every stall and breakdown to come, and ten times the rounds.
 *
 * The routing core has no "unavailable from … to …", so a held courier is one vehicle per part
 * of its shift; its stop limit is shared among the parts by their length. A part that resumes
 * after a hold must set off where the part before ended, which only a plan can tell: a first
 * pass plans every part from the depot with open ends; the second makes each part end at
 * where its first-pass route ended (or began) and the next part start there. Driving the
 * merged route cannot be later than planned: the courier heads straight for the next stop, and
 * a hold catching it on the way costs no more than the detour through that end point.
 */
export function planCeiling(
  scenario: DayScenario,
  world: WorldKnowledge,
  windowMarginMs = scenario.traffic ? TRAFFIC_MARGIN_MS : MARGIN_MS,
): DayPlan {
  const { options, network, depot } = scenario;
  const times: TravelMatrix = scenario.traffic
    ? new TrafficTimes(
        network,
        scenario.traffic,
        options.vehicle,
        PARKING_WALK_SECONDS[options.vehicle] ?? 0,
      )
    : new StreetTimes(network, { vehicle: options.vehicle, placeFactor: () => 1 });
  const habits = scenario.traffic ? DETOUR_ALLOWANCE : 1;
  const shift = { startMs: scenario.shiftStartMs, endMs: scenario.shiftEndMs };
  const parts = shiftParts(
    scenario.couriers.map((c) => c.id),
    scenario.holds,
    shift,
  );
  const limits = sharedStopLimits(parts, balancedStopLimit(scenario));
  const budget = options.planIterations * CEILING_BUDGET;
  const vehicle = (part: ShiftPart, p: number): PlanVehicle => ({
    part,
    startNode: depot.node,
    travelFactor: (world.travelFactors.get(part.courierId) ?? 1) * habits,
    maxStops: limits[p],
    departMs: part.index > 0 ? part.fromMs + MARGIN_MS : part.fromMs,
    // The margin also keeps a hold from catching the courier short of the part's last stop.
    endByMs: part.toMs < shift.endMs ? part.toMs - Math.max(MARGIN_MS, windowMarginMs) : part.toMs,
  });
  let vehicles = parts.map(vehicle);
  let iterations = 0;
  let departMsOf: Map<number, number> | undefined;
  const resumes = parts.some((part) => part.index > 0);
  if (resumes) {
    const firstBudget = Math.ceil(budget * FIRST_PASS_SHARE);
    const first = solveDay(
      scenario,
      'ceiling',
      vehicles,
      times,
      firstBudget,
      windowMarginMs / 1000,
    );
    iterations += first.iterations;
    vehicles = chainParts(vehicles, first.solution.routes, scenario, depot.node);
    departMsOf = plannedDepartures(first, scenario.shiftStartMs);
  }
  const secondBudget = resumes ? budget - Math.ceil(budget * FIRST_PASS_SHARE) : budget;
  const plan = solveDay(
    scenario,
    'ceiling',
    vehicles,
    times,
    secondBudget,
    windowMarginMs / 1000,
    departMsOf,
  );
  return { ...plan, iterations: iterations + plan.iterations };
}

/**
 * A courier's stop limit shared among its parts in proportion to their length (largest
 * remainders first), so that together they hold no more than the morning plan lets it.
 */
export function sharedStopLimits(parts: readonly ShiftPart[], limit: number): number[] {
  const limits = parts.map(() => 0);
  const byCourier = new Map<number, number[]>();
  parts.forEach((part, p) =>
    byCourier.set(part.courierId, [...(byCourier.get(part.courierId) ?? []), p]),
  );
  for (const own of byCourier.values()) {
    const total = own.reduce((sum, p) => sum + parts[p]!.toMs - parts[p]!.fromMs, 0);
    const exact = own.map((p) =>
      total > 0 ? (limit * (parts[p]!.toMs - parts[p]!.fromMs)) / total : 0,
    );
    own.forEach((p, i) => (limits[p] = Math.floor(exact[i]!)));
    let left = limit - own.reduce((sum, p) => sum + limits[p]!, 0);
    const order = own
      .map((p, i) => ({ p, rest: exact[i]! - Math.floor(exact[i]!) }))
      .sort((a, b) => b.rest - a.rest || a.p - b.p);
    for (const { p } of order) {
      if (left <= 0) break;
      limits[p]!++;
      left--;
    }
  }
  return limits;
}

/**
 * Each part but a courier's last ends where its first-pass route ended (its start when it had
 * no stops), and the next part sets off from there.
 */
function chainParts(
  vehicles: readonly PlanVehicle[],
  routes: readonly (readonly number[])[],
  scenario: DayScenario,
  depotNode: number,
): PlanVehicle[] {
  const chained = vehicles.map((v) => ({ ...v }));
  let startNode = depotNode;
  chained.forEach((v, p) => {
    if (p === 0 || chained[p - 1]!.part.courierId !== v.part.courierId) startNode = depotNode;
    v.startNode = startNode;
    const route = routes[p]!;
    const last = route[route.length - 1];
    const endNode = last === undefined ? startNode : scenario.stops[last]!.node;
    const next = chained[p + 1];
    if (next && next.part.courierId === v.part.courierId) v.endNode = endNode;
    startNode = endNode;
  });
  return chained;
}

/**
 * When each stop is left in a plan (epoch ms, by stop index): the second pass times the traffic
 * from there, at the hour the courier will be driving rather than the hour the window opens.
 */
function plannedDepartures(plan: DayPlan, shiftStartMs: number): Map<number, number> {
  const departs = new Map<number, number>();
  plan.solution.routes.forEach((route, v) => {
    walkRoute(plan.problem, v, route, (stop, startSeconds) => {
      const serviceSeconds = plan.problem.nodes[stop]!.serviceTime;
      departs.set(stop, shiftStartMs + (startSeconds + serviceSeconds) * 1000);
    });
  });
  return departs;
}
