import { planRoutes } from '../../../server/src/dispatch/routing/planner';
import type {
  RoutingNode,
  RoutingProblem,
  Solution,
  StopPin,
} from '../../../server/src/dispatch/routing/problem';
import { placeLate } from '../../../server/src/dispatch/planning/late-placement';
import { BALANCE_SLACK } from '../../../server/src/dispatch/planning/plan-deliveries';
import type { DayScenario } from './scenario';
import { shiftParts, type ShiftPart } from './shift-parts';
import { StreetTimes } from './street-times';

/**
 * What a plan knows: `nominal` is the morning plan (ordinary speeds everywhere, no disruptions
 * foreseen); `informed` knows the slow zones' factors and every stall and breakdown to come.
 */
export type PlanKnowledge = 'nominal' | 'informed';

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

/**
 * The place factor the morning plan assumes everywhere: the middle of an ordinary
 * neighbourhood's range in the simulator's speed field (0.8–1.1).
 */
export const NOMINAL_PLACE_FACTOR = 0.95;
/**
 * The informed plan drives everyone at the pace of the slowest courier the simulator makes
 * (each agent drives ±15% around its vehicle's typical speed, and no single matrix can tell
 * them apart): a reference plan must not be undone by a courier's own pace, least of all just
 * before a hold, where a few minutes behind plan become a whole breakdown late.
 */
export const INFORMED_PACE_FACTOR = 0.85;
/** Share of the rounds spent on the informed plan's first pass, which only finds where parts resume. */
const FIRST_PASS_SHARE = 0.25;
/** Gaps between holds shorter than this get no work in the informed plan. */
const MIN_PART_MS = 30 * 60_000;

/**
 * Plans the whole day with the routing core (`planRoutes`, travel time as the cost, hard
 * windows and shift ends), then places any stop it could not fit on time where it adds least
 * lateness. The informed plan cuts each held courier's shift into parts around its holds;
 * since a part resumes where the previous one ended, which only a plan can tell, it plans
 * twice: first with every part leaving from the depot, then with each resuming at the last
 * stop its courier served before the hold in the first plan, that stop pinned to the part
 * before (so nobody resumes at a door it never went to).
 */
export function planDay(scenario: DayScenario, knowledge: PlanKnowledge): DayPlan {
  const { options, network, depot } = scenario;
  const informed = knowledge === 'informed';
  const times = new StreetTimes(network, {
    vehicle: options.vehicle,
    placeFactor: informed
      ? (lat, lng) => scenario.speedField.placeFactor(lat, lng) * INFORMED_PACE_FACTOR
      : () => NOMINAL_PLACE_FACTOR,
  });
  const courierIds = scenario.couriers.map((c) => c.id);
  const shift = { startMs: scenario.shiftStartMs, endMs: scenario.shiftEndMs };
  const parts = informed
    ? shiftParts(courierIds, scenario.holds, shift, MIN_PART_MS)
    : shiftParts(courierIds, [], shift);
  const seed = options.seed;

  let resume: Resume = { startNodes: parts.map(() => depot.node), pins: [] };
  let iterations = 0;
  if (parts.some((part) => part.index > 0)) {
    const first = buildProblem(scenario, parts, resume, times);
    const firstPlan = planRoutes(first, {
      maxIterations: Math.ceil(options.planIterations * FIRST_PASS_SHARE),
      timeLimitMs: Infinity,
      seed,
    });
    iterations += firstPlan.iterations;
    resume = resumeFrom(scenario, parts, firstPlan.solution.routes);
  }
  // The morning plan is the product's plan: work spread over the fleet with the same stop
  // limit as `POST /api/v1/hubs/:id/plan`. The re-plan, an upper bound, is left unlimited.
  const maxStops = informed
    ? undefined
    : Math.ceil((BALANCE_SLACK * scenario.stops.length) / scenario.couriers.length);
  const problem = buildProblem(scenario, parts, resume, times, maxStops);
  const plan = planRoutes(problem, {
    maxIterations: options.planIterations,
    timeLimitMs: Infinity,
    seed,
  });
  iterations += plan.iterations;

  const routes = plan.solution.routes.map((route) => [...route]);
  placeLate(problem, routes, plan.solution.unassigned);
  const byCourier = new Map<number, number[]>(courierIds.map((id) => [id, []]));
  parts.forEach((part, v) => {
    byCourier.get(part.courierId)!.push(...routes[v]!.map((node) => scenario.stops[node]!.id));
  });
  return {
    knowledge,
    routes: byCourier,
    problem,
    solution: plan.solution,
    parts,
    latePlaced: plan.solution.unassigned.map((node) => scenario.stops[node]!.id),
    iterations,
  };
}

/** Where each part sets off (a street node), and the stop each resumes from, pinned to its part. */
interface Resume {
  startNodes: number[];
  pins: StopPin[];
}

/**
 * Nodes 0..stops-1 are the stops, then one start node per part at its street node. Times are
 * seconds from the shift start; travel time is also the cost.
 */
function buildProblem(
  scenario: DayScenario,
  parts: readonly ShiftPart[],
  resume: Resume,
  times: StreetTimes,
  maxStops?: number,
): RoutingProblem {
  const { startNodes, pins } = resume;
  const { stops, shiftStartMs } = scenario;
  const secondsOf = (epochMs: number) => (epochMs - shiftStartMs) / 1000;
  const capacityOf = new Map(scenario.couriers.map((c) => [c.id, c.capacity]));
  const nodes: RoutingNode[] = stops.map((stop) => ({
    windowStart: secondsOf(stop.windowStart),
    windowEnd: secondsOf(stop.windowEnd),
    serviceTime: stop.serviceSeconds,
    demand: stop.demand,
  }));
  for (let p = 0; p < parts.length; p++) {
    nodes.push({ windowStart: 0, windowEnd: Infinity, serviceTime: 0, demand: 0 });
  }
  const travel = times.secondsMatrix([...stops.map((stop) => stop.node), ...startNodes]);
  return {
    nodes,
    stops: stops.map((_, i) => i),
    vehicles: parts.map((part, p) => ({
      startNode: stops.length + p,
      capacity: capacityOf.get(part.courierId)!,
      earliestDeparture: secondsOf(part.fromMs),
      latestEnd: secondsOf(part.toMs),
      maxStops,
    })),
    travelTimes: travel,
    distances: travel,
    pins,
  };
}

/**
 * Where each part resumes: at the last stop its courier served before the hold in `routes`
 * (pinned to the part it was served in), else at the depot.
 */
function resumeFrom(
  scenario: DayScenario,
  parts: readonly ShiftPart[],
  routes: readonly (readonly number[])[],
): Resume {
  const last = new Map<number, { stop: number; vehicle: number }>();
  const pins: StopPin[] = [];
  const startNodes = parts.map((part, p) => {
    const before = part.index === 0 ? undefined : last.get(part.courierId);
    const route = routes[p]!;
    const end = route[route.length - 1];
    if (end !== undefined) last.set(part.courierId, { stop: end, vehicle: p });
    if (!before) return scenario.depot.node;
    if (!pins.includes(before)) pins.push(before);
    return scenario.stops[before.stop]!.node;
  });
  return { startNodes, pins };
}
