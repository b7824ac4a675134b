import { canInsertOnTime, spliceOnTime } from '../routing/route-state';
import type { CandidateRoute } from './candidate-route';
import type { LiveStop } from './model';
import type { SuggestOptions } from './options';

/** Slack on time and load comparisons, as in the routing core: sums of travel times are not exact. */
export const TIME_EPSILON = 1e-9;

/** What inserting the moving stops at one place of a candidate's route does. */
export interface InsertionOutcome {
  /** List index in the candidate's stops (0 = before the first). */
  index: number;
  /** 1-based position of the first inserted stop in the courier's live route. */
  insertPosition: number;
  /**
   * 1-based position of each inserted stop in the courier's live route once inserted: a block
   * is consecutive, a shop order's delivery may come later than right after its pickup.
   */
  insertPositions: number[];
  /** Arrival at each inserted stop, seconds from now. */
  arrivalSeconds: number[];
  /** Seconds each inserted stop arrives after its window end (0 when on time). */
  lateAfterSeconds: number[];
  /** How much later the route finishes (travel, waiting and service added, less waiting it absorbs). */
  addedSeconds: number;
  /** Route stops the move makes late (or later, for one already late). */
  madeLate: LiveStop[];
  /** Route stops on time after the move. */
  otherOnTime: number;
  /** Route stops that were late already and are not delayed. */
  otherAlreadyLate: number;
  score: number;
}

/** The options scoring reads. */
export type ScoreRules = Pick<
  SuggestOptions,
  'addedMinuteWeight' | 'madeLatePenalty' | 'allowCollateral'
>;

/**
 * The best place to insert the candidate's moving stops, kept together in the order given:
 * the highest score = minutes of lateness removed (`lateBeforeSeconds` per moving stop minus
 * its lateness there) − weight × minutes added − penalty × stops made late. Every other stop,
 * the shift end and the capacity must hold (checked in O(1) per place for one stop, by walking
 * only the inserted stops for several); with `allowCollateral`, places that make other stops
 * late are walked in full and scored with the penalty. Null when nothing fits.
 */
export function bestInsertion(
  candidate: CandidateRoute,
  lateBeforeSeconds: readonly number[],
  rules: ScoreRules,
): InsertionOutcome | null {
  const { route, movingNodes } = candidate;
  const p = route.problem;
  let movingDemand = 0;
  for (const node of movingNodes) movingDemand += p.demand[node]!;
  if (route.load + movingDemand > p.freeCapacity[0]! + TIME_EPSILON) return null;
  const single = movingNodes.length === 1;
  const facts = routeFacts(candidate);
  let best: InsertionOutcome | null = null;
  for (let k = 0; k <= route.stopCount; k++) {
    const onTime = single
      ? canInsertOnTime(route, k, movingNodes[0]!)
      : spliceOnTime(route, k, movingNodes, movingNodes.length, k + 1);
    let madeLate: number[] = [];
    if (!onTime) {
      if (!rules.allowCollateral) continue;
      const collateral = stopsMadeLate(candidate, k);
      if (collateral === null) continue;
      madeLate = collateral;
    }
    const outcome = evaluate(candidate, facts, k, lateBeforeSeconds, madeLate, rules);
    if (!best || better(outcome, best)) best = outcome;
  }
  return best;
}

/** Higher score, then less time added. */
export function better(a: InsertionOutcome, b: InsertionOutcome): boolean {
  if (a.score !== b.score) return a.score > b.score;
  return a.addedSeconds < b.addedSeconds;
}

/** Arrivals, lateness, added time and score of inserting at list index `k`. */
function evaluate(
  candidate: CandidateRoute,
  facts: RouteFacts,
  k: number,
  lateBeforeSeconds: readonly number[],
  madeLate: readonly number[],
  rules: ScoreRules,
): InsertionOutcome {
  const { route, movingNodes, workingEnd, alreadyLate, routeCount } = candidate;
  const p = route.problem;
  const size = p.nodeCount;
  const after = route.nodes[k + 1]!;
  let time = route.departure[k]!;
  let prev = route.nodes[k]!;
  let removedSeconds = 0;
  const arrivalSeconds: number[] = [];
  const lateAfterSeconds: number[] = [];
  movingNodes.forEach((node, i) => {
    const leg = p.travel[prev * size + node]!;
    const arrival = time + leg;
    const late = Math.max(0, arrival - workingEnd[node]!);
    arrivalSeconds.push(arrival);
    lateAfterSeconds.push(late);
    removedSeconds += (lateBeforeSeconds[i] ?? 0) - late;
    time = Math.max(arrival, p.windowStart[node]!) + p.serviceTime[node]!;
    prev = node;
  });
  // The next place is reached this much later; waiting further on soaks the delay up.
  const nextArrival = time + p.travel[prev * size + after]!;
  const nextStart =
    k < route.stopCount ? Math.max(nextArrival, p.windowStart[after]!) : nextArrival;
  const delay = Math.max(0, nextStart - route.start[k + 1]!);
  const addedSeconds = Math.max(0, delay - facts.waitAfter[k + 2]!);
  const { lateBeforeCount } = facts;
  let newlyLate = 0;
  for (const node of madeLate) newlyLate += 1 - alreadyLate[node]!;
  const score =
    removedSeconds / 60 -
    (rules.addedMinuteWeight * addedSeconds) / 60 -
    rules.madeLatePenalty * madeLate.length;
  return {
    index: k,
    insertPosition: candidate.headCount + k + 1,
    insertPositions: movingNodes.map((_, i) => candidate.headCount + k + 1 + i),
    arrivalSeconds,
    lateAfterSeconds,
    addedSeconds,
    madeLate: madeLate.map((node) => candidate.stopOfNode[node]!),
    otherOnTime: routeCount - lateBeforeCount - newlyLate,
    otherAlreadyLate: lateBeforeCount - (madeLate.length - newlyLate),
    score,
  };
}

/** What every insertion place of one route shares. */
export interface RouteFacts {
  /** Waiting (early arrivals) at list positions i..last, summed, indexed by position. */
  waitAfter: Float64Array;
  lateBeforeCount: number;
}

export function routeFacts(candidate: CandidateRoute): RouteFacts {
  const { route, alreadyLate, routeCount } = candidate;
  const p = route.problem;
  const size = p.nodeCount;
  const waitAfter = new Float64Array(route.stopCount + 3);
  for (let pos = route.stopCount; pos >= 1; pos--) {
    const arrival =
      route.departure[pos - 1]! + p.travel[route.nodes[pos - 1]! * size + route.nodes[pos]!]!;
    waitAfter[pos] = waitAfter[pos + 1]! + (route.start[pos]! - arrival);
  }
  let lateBeforeCount = 0;
  for (let node = 1; node <= routeCount; node++) lateBeforeCount += alreadyLate[node]!;
  return { waitAfter, lateBeforeCount };
}

/**
 * Nodes of the route stops that inserting at list index `k` would push past their deadline,
 * walking the whole rest of the route; null when the shift end would not hold either.
 */
function stopsMadeLate(candidate: CandidateRoute, k: number): number[] | null {
  const { route, movingNodes } = candidate;
  const p = route.problem;
  const size = p.nodeCount;
  let time = route.departure[k]!;
  let prev = route.nodes[k]!;
  const late: number[] = [];
  const visit = (node: number, counts: boolean) => {
    const arrival = time + p.travel[prev * size + node]!;
    const start = Math.max(arrival, p.windowStart[node]!);
    if (counts && start > p.windowEnd[node]! + TIME_EPSILON) late.push(node);
    time = start + p.serviceTime[node]!;
    prev = node;
  };
  for (const node of movingNodes) visit(node, false);
  for (let pos = k + 1; pos <= route.stopCount; pos++) visit(route.nodes[pos]!, true);
  const end = time + p.travel[prev * size + route.nodes[route.stopCount + 1]!]!;
  return end > p.latestEnd[0]! + TIME_EPSILON ? null : late;
}
