import { planRoutes } from '../../../server/src/dispatch/routing/planner';
import type {
  RoutingNode,
  RoutingProblem,
  Solution,
} from '../../../server/src/dispatch/routing/problem';
import { placeLate } from '../../../server/src/dispatch/planning/late-placement';
import { BALANCE_SLACK } from '../../../server/src/dispatch/planning/plan-deliveries';
import type { DayScenario } from './scenario';
import { shiftParts, type ShiftPart } from './shift-parts';
import { StreetTimes, type TravelMatrix } from './street-times';

/**
 * What a plan knows: `nominal` is the morning plan (ordinary speeds everywhere, no disruptions
 * foreseen); `ceiling` knows the world as it will be (see `planCeiling`).
 */
export type PlanKnowledge = 'nominal' | 'ceiling';

/** A day's routes and the routing problem they were planned on. */
export interface DayPlan {
  knowledge: PlanKnowledge;
  /** Each courier's stop ids in visiting order. */
  routes: Map<number, number[]>;
  /** The problem of the last planning pass; node i < stops is the scenario's i-th stop. */
  problem: RoutingProblem;
  /** The planner's answer to `problem`, before late placement. */
  solution: Solution;
  /** The routing vehicles: `problem.vehicles[i]` is `parts[i]`. */
  parts: ShiftPart[];
  /** Stops the planner could not fit on time, placed afterwards where they add least lateness. */
  latePlaced: number[];
  iterations: number;
}

/** One routing vehicle: a part of a courier's shift, where it starts and ends and how it drives. */
export interface PlanVehicle {
  part: ShiftPart;
  /** Street node it sets off from. */
  startNode: number;
  /** Street node it must reach by the part's end; absent for an open route. */
  endNode?: number;
  /** Multiplies the matrix's travel times (the courier's own pace). */
  travelFactor: number;
  maxStops: number | undefined;
  /** Epoch ms, when later than the part's start (a margin after a hold). */
  departMs?: number;
  /** Epoch ms, when earlier than the part's end. */
  endByMs?: number;
}

/** The product's stop limit: 1.2 × the average number of stops per courier. */
export function balancedStopLimit(scenario: DayScenario): number {
  return Math.ceil((BALANCE_SLACK * scenario.stops.length) / scenario.couriers.length);
}

/**
 * The morning plan, as the product makes it: the routing core (`planRoutes`, travel time as the
 * cost, hard windows and shift ends) at the vehicle's typical speed on every street, every courier leaving the depot at
 * the shift start with the same stop limit as `POST /api/v1/hubs/:id/plan`; any stop it could
 * not fit on time is then placed where it adds least lateness.
 */
export function planDay(scenario: DayScenario): DayPlan {
  const { options, network, depot } = scenario;
  // The product knows the streets and the vehicle's typical speed, not the traffic to come.
  const times = new StreetTimes(network, { vehicle: options.vehicle, placeFactor: () => 1 });
  const shift = { startMs: scenario.shiftStartMs, endMs: scenario.shiftEndMs };
  const parts = shiftParts(
    scenario.couriers.map((c) => c.id),
    [],
    shift,
  );
  const maxStops = balancedStopLimit(scenario);
  const vehicles = parts.map((part): PlanVehicle => ({
    part,
    startNode: depot.node,
    travelFactor: 1,
    maxStops,
  }));
  return solveDay(scenario, 'nominal', vehicles, times, options.planIterations);
}

/** `planRoutes` on the day's problem, then `placeLate`, as routes per courier. */
export function solveDay(
  scenario: DayScenario,
  knowledge: PlanKnowledge,
  vehicles: readonly PlanVehicle[],
  times: TravelMatrix,
  iterations: number,
  windowMarginSeconds = 0,
  departMsOf?: ReadonlyMap<number, number>,
): DayPlan {
  const problem = buildProblem(scenario, vehicles, times, windowMarginSeconds, departMsOf);
  const plan = planRoutes(problem, {
    maxIterations: iterations,
    timeLimitMs: Infinity,
    seed: scenario.options.seed,
  });
  const routes = plan.solution.routes.map((route) => [...route]);
  placeLate(problem, routes, plan.solution.unassigned);
  const byCourier = new Map<number, number[]>(scenario.couriers.map((c) => [c.id, []]));
  vehicles.forEach(({ part }, v) => {
    byCourier.get(part.courierId)!.push(...routes[v]!.map((node) => scenario.stops[node]!.id));
  });
  return {
    knowledge,
    routes: byCourier,
    problem,
    solution: plan.solution,
    parts: vehicles.map((v) => v.part),
    latePlaced: plan.solution.unassigned.map((node) => scenario.stops[node]!.id),
    iterations: plan.iterations,
  };
}

/**
 * Nodes 0..stops-1 are the stops, then one start node per vehicle, then one end node per
 * vehicle that has one. Times are seconds from the shift start; travel time is also the cost.
 * Window ends are pulled in by `windowMarginSeconds`. Travel from stop i is timed leaving at
 * `departMsOf(i)` when given (the instant an earlier plan leaves it).
 */
function buildProblem(
  scenario: DayScenario,
  vehicles: readonly PlanVehicle[],
  times: TravelMatrix,
  windowMarginSeconds: number,
  departMsOf?: ReadonlyMap<number, number>,
): RoutingProblem {
  const { stops, shiftStartMs } = scenario;
  const secondsOf = (epochMs: number) => (epochMs - shiftStartMs) / 1000;
  const capacityOf = new Map(scenario.couriers.map((c) => [c.id, c.capacity]));
  const nodes: RoutingNode[] = stops.map((stop) => ({
    windowStart: secondsOf(stop.windowStart),
    windowEnd: Math.max(
      secondsOf(stop.windowStart),
      secondsOf(stop.windowEnd) - windowMarginSeconds,
    ),
    serviceTime: stop.serviceSeconds,
    demand: stop.demand,
  }));
  const streetNodes = stops.map((stop) => stop.node);
  const place = () => ({ windowStart: 0, windowEnd: Infinity, serviceTime: 0, demand: 0 });
  const startIndex = vehicles.map((v) => {
    nodes.push(place());
    streetNodes.push(v.startNode);
    return nodes.length - 1;
  });
  const endIndex = vehicles.map((v) => {
    if (v.endNode === undefined) return undefined;
    nodes.push(place());
    streetNodes.push(v.endNode);
    return nodes.length - 1;
  });
  // Leaving a stop when an earlier plan left it, else once its window opens and it is served.
  const departMs = [
    ...stops.map((stop, i) => departMsOf?.get(i) ?? stop.windowStart + stop.serviceSeconds * 1000),
    ...vehicles.map((v) => v.departMs ?? v.part.fromMs),
    ...vehicles.filter((v) => v.endNode !== undefined).map((v) => v.endByMs ?? v.part.toMs),
  ];
  const travel = times.secondsMatrix(streetNodes, departMs);
  return {
    nodes,
    stops: stops.map((_, i) => i),
    vehicles: vehicles.map((v, i) => ({
      startNode: startIndex[i]!,
      endNode: endIndex[i],
      capacity: capacityOf.get(v.part.courierId)!,
      earliestDeparture: secondsOf(v.departMs ?? v.part.fromMs),
      latestEnd: secondsOf(v.endByMs ?? v.part.toMs),
      travelFactor: v.travelFactor,
      maxStops: v.maxStops,
    })),
    travelTimes: travel,
    distances: travel,
  };
}
