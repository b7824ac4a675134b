import { compileProblem, type CompiledProblem } from './compiled';
import { planRoutes } from './planner';
import type { RoutingProblem } from './problem';
import { EPSILON } from './route-state';

/** One stop of a re-sequenced route: when the courier gets there and how late that is. */
export interface StopTiming {
  stop: number;
  arrival: number;
  /** Arrival minus window end when positive, else 0. */
  lateBy: number;
}

/** The best order found for one vehicle's remaining stops. */
export interface ResequenceResult {
  order: number[];
  /** Every window and the shift end hold, and the load fits. */
  feasible: boolean;
  distance: number;
  timings: StopTiming[];
  /** Sum of the stops' lateness plus the shift overrun: what the least-late order minimises. */
  totalLateness: number;
  /** End of the route after the shift end when positive, else 0. */
  shiftOverrun: number;
  /** Load above the capacity when positive, else 0 (no order changes it). */
  excessLoad: number;
}

/** How hard the re-sequencing searches. */
export interface ResequenceOptions {
  seed?: number;
  /** Ruin-and-recreate rounds when there are too many stops to try every order. */
  maxIterations?: number;
  timeLimitMs?: number;
  /**
   * Pairs `[first, then]` of stops: `then` may only be visited after `first` (a shop order's
   * pickup and its delivery). A hard rule: every order returned keeps it.
   */
  precedence?: readonly (readonly [first: number, then: number])[];
}

/** Up to this many stops every order is tried. */
const EXACT_LIMIT = 8;

/**
 * The best order for one vehicle's remaining stops, from its current position (`startNode`)
 * and time (`earliestDeparture`): the shortest feasible order when one exists, else the order
 * with the least total lateness (then the shortest), with each stop's lateness. Other vehicles
 * and pins in the problem are ignored.
 */
export function resequenceRoute(
  problem: RoutingProblem,
  vehicle: number,
  stops: readonly number[],
  options: ResequenceOptions = {},
): ResequenceResult {
  // The stop limit is a planning rule: reordering a courier's stops does not change their count.
  const single: RoutingProblem = {
    ...problem,
    stops,
    vehicles: [{ ...problem.vehicles[vehicle]!, maxStops: undefined }],
    pins: [],
    // Order within one route is this function's `precedence` option.
    pairs: undefined,
  };
  const compiled = compileProblem(single);
  const score = new SoftScore(compiled);
  const after = predecessors(options.precedence ?? [], stops);
  if (stops.length <= EXACT_LIMIT) return describe(compiled, exactBest(score, stops, after));

  const plan = planRoutes(single, {
    seed: options.seed ?? 1,
    maxIterations: options.maxIterations ?? 2000,
    timeLimitMs: options.timeLimitMs ?? 200,
  });
  const planned = plan.solution.routes[0] ?? [];
  if (plan.solution.unassigned.length === 0 && holds(planned, after))
    return describe(compiled, planned);
  // No feasible order found (or the planner, which knows no precedence, put a stop before the
  // one it must follow): start from the planned partial route, stops put back in precedence,
  // with the rest put where they add least lateness, and from the order given; keep the
  // better after improvement.
  const completed = respecting(planned, after);
  for (const stop of plan.solution.unassigned) insertLeastLate(score, completed, stop, after);
  const candidates = [
    improveSoft(score, completed, after),
    improveSoft(score, respecting(stops, after), after),
  ];
  candidates.sort((a, b) => score.compare(a, b));
  return describe(compiled, candidates[0]!);
}

/** How far `value` exceeds `limit`, ignoring floating-point noise. */
function excess(value: number, limit: number): number {
  return value > limit + EPSILON ? value - limit : 0;
}

/** Lexicographic (total lateness, distance) of an order for the problem's one vehicle. */
class SoftScore {
  lateness = 0;
  distance = 0;

  constructor(readonly problem: CompiledProblem) {}

  evaluate(order: readonly number[]): void {
    const p = this.problem;
    const size = p.nodeCount;
    const factor = p.travelFactor[0]!;
    let at = p.startNode[0]!;
    let time = p.earliestDeparture[0]!;
    let late = 0;
    let distance = 0;
    for (const stop of order) {
      const arrival = time + p.travel[at * size + stop]! * factor;
      late += excess(arrival, p.windowEnd[stop]!);
      time = Math.max(arrival, p.windowStart[stop]!) + p.serviceTime[stop]!;
      distance += p.distance[at * size + stop]!;
      at = stop;
    }
    const end = p.endNode[0]!;
    const finish = time + p.travel[at * size + end]! * factor;
    this.lateness = late + excess(finish, p.latestEnd[0]!);
    this.distance = distance + p.distance[at * size + end]!;
  }

  /** Negative when `a` is better than `b`. */
  compare(a: readonly number[], b: readonly number[]): number {
    this.evaluate(a);
    const lateA = this.lateness;
    const distanceA = this.distance;
    this.evaluate(b);
    return lateA - this.lateness || distanceA - this.distance;
  }
}

/** For each stop that must follow another (both among `stops`), the one it follows. */
function predecessors(
  precedence: readonly (readonly [number, number])[],
  stops: readonly number[],
): Map<number, number> {
  const among = new Set(stops);
  const after = new Map<number, number>();
  for (const [first, then] of precedence) {
    if (among.has(first) && among.has(then)) after.set(then, first);
  }
  return after;
}

/** Whether every stop of `order` comes after the one it must follow. */
function holds(order: readonly number[], after: ReadonlyMap<number, number>): boolean {
  if (after.size === 0) return true;
  const position = new Map(order.map((stop, i) => [stop, i]));
  for (const [then, first] of after) {
    const a = position.get(first);
    const b = position.get(then);
    if (a !== undefined && b !== undefined && a > b) return false;
  }
  return true;
}

/** `order` with each stop that came before the one it follows moved to just after it. */
function respecting(order: readonly number[], after: ReadonlyMap<number, number>): number[] {
  const present = new Set(order);
  const held = new Map<number, number[]>();
  const done = new Set<number>();
  const result: number[] = [];
  const emit = (stop: number) => {
    result.push(stop);
    done.add(stop);
    for (const waiting of held.get(stop) ?? []) emit(waiting);
    held.delete(stop);
  };
  for (const stop of order) {
    const first = after.get(stop);
    if (first !== undefined && present.has(first) && !done.has(first)) {
      held.set(first, [...(held.get(first) ?? []), stop]);
      continue;
    }
    emit(stop);
  }
  return result;
}

/** Every order, depth first, cutting branches already worse than the best complete one. */
function exactBest(
  score: SoftScore,
  stops: readonly number[],
  after: ReadonlyMap<number, number>,
): number[] {
  const p = score.problem;
  const size = p.nodeCount;
  const factor = p.travelFactor[0]!;
  const end = p.endNode[0]!;
  const order: number[] = [];
  const used = new Uint8Array(stops.length);
  const visited = new Uint8Array(size);
  let best: number[] = respecting(stops, after);
  score.evaluate(best);
  let bestLate = score.lateness;
  let bestDistance = score.distance;
  const visit = (at: number, time: number, late: number, distance: number) => {
    if (late > bestLate || (late === bestLate && distance >= bestDistance)) return;
    if (order.length === stops.length) {
      const finish = time + p.travel[at * size + end]! * factor;
      const totalLate = late + excess(finish, p.latestEnd[0]!);
      const total = distance + p.distance[at * size + end]!;
      if (totalLate < bestLate || (totalLate === bestLate && total < bestDistance)) {
        best = [...order];
        bestLate = totalLate;
        bestDistance = total;
      }
      return;
    }
    stops.forEach((stop, i) => {
      if (used[i]) return;
      const first = after.get(stop);
      if (first !== undefined && !visited[first]) return;
      const arrival = time + p.travel[at * size + stop]! * factor;
      const lateHere = excess(arrival, p.windowEnd[stop]!);
      used[i] = 1;
      visited[stop] = 1;
      order.push(stop);
      visit(
        stop,
        Math.max(arrival, p.windowStart[stop]!) + p.serviceTime[stop]!,
        late + lateHere,
        distance + p.distance[at * size + stop]!,
      );
      order.pop();
      used[i] = 0;
      visited[stop] = 0;
    });
  };
  visit(p.startNode[0]!, p.earliestDeparture[0]!, 0, 0);
  return best;
}

function insertLeastLate(
  score: SoftScore,
  order: number[],
  stop: number,
  after: ReadonlyMap<number, number>,
): void {
  let bestAt = 0;
  let best: number[] | null = null;
  for (let k = 0; k <= order.length; k++) {
    const trial = [...order.slice(0, k), stop, ...order.slice(k)];
    if (!holds(trial, after)) continue;
    if (!best || score.compare(trial, best) < 0) {
      best = trial;
      bestAt = k;
    }
  }
  order.splice(bestAt, 0, stop);
}

/**
 * Or-opt (segments of 1–3 moved anywhere) and 2-opt on the soft score, first improvement,
 * never breaking precedence.
 */
function improveSoft(
  score: SoftScore,
  start: number[],
  after: ReadonlyMap<number, number>,
): number[] {
  let order = start;
  let improved = true;
  while (improved) {
    improved = false;
    for (let length = 1; length <= 3 && !improved; length++) {
      for (let i = 0; i + length <= order.length && !improved; i++) {
        const segment = order.slice(i, i + length);
        const rest = [...order.slice(0, i), ...order.slice(i + length)];
        for (let k = 0; k <= rest.length && !improved; k++) {
          if (k === i) continue;
          const trial = [...rest.slice(0, k), ...segment, ...rest.slice(k)];
          if (holds(trial, after) && score.compare(trial, order) < 0) {
            order = trial;
            improved = true;
          }
        }
      }
    }
    for (let i = 0; i < order.length && !improved; i++) {
      for (let j = i + 2; j <= order.length && !improved; j++) {
        const trial = [...order.slice(0, i), ...order.slice(i, j).reverse(), ...order.slice(j)];
        if (holds(trial, after) && score.compare(trial, order) < 0) {
          order = trial;
          improved = true;
        }
      }
    }
  }
  return order;
}

function describe(p: CompiledProblem, order: number[]): ResequenceResult {
  const size = p.nodeCount;
  const factor = p.travelFactor[0]!;
  let at = p.startNode[0]!;
  let time = p.earliestDeparture[0]!;
  let distance = 0;
  let load = 0;
  let totalLateness = 0;
  const timings = order.map((stop): StopTiming => {
    const arrival = time + p.travel[at * size + stop]! * factor;
    const lateBy = excess(arrival, p.windowEnd[stop]!);
    totalLateness += lateBy;
    time = Math.max(arrival, p.windowStart[stop]!) + p.serviceTime[stop]!;
    distance += p.distance[at * size + stop]!;
    load += p.demand[stop]!;
    at = stop;
    return { stop, arrival, lateBy };
  });
  const end = p.endNode[0]!;
  const shiftOverrun = excess(time + p.travel[at * size + end]! * factor, p.latestEnd[0]!);
  const excessLoad = excess(load, p.freeCapacity[0]!);
  totalLateness += shiftOverrun;
  return {
    order,
    feasible: totalLateness === 0 && excessLoad === 0,
    distance: distance + p.distance[at * size + end]!,
    timings,
    totalLateness,
    shiftOverrun,
    excessLoad,
  };
}
