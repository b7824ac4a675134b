import type { CandidateRoute } from './candidate-route';
import {
  better,
  routeFacts,
  TIME_EPSILON,
  type InsertionOutcome,
  type RouteFacts,
  type ScoreRules,
} from './insertion';

/**
 * The best places for a shop order's pickup and delivery (the candidate's two moving stops, in
 * that order): the pickup after `i` of the route's stops and the delivery after `j ≥ i` of
 * them (right after the pickup when `j = i`), scored like `bestInsertion`. Every other stop,
 * the shift end and the capacity must hold; for each pickup place the route is walked once
 * while the delivery place moves on, and the walk stops at the first stop it would make late
 * (unless `allowCollateral`, which walks such places in full and penalises them). Null when
 * nothing fits.
 */
export function bestPairInsertion(
  candidate: CandidateRoute,
  lateBeforeSeconds: readonly number[],
  rules: ScoreRules,
): InsertionOutcome | null {
  const { route, movingNodes } = candidate;
  const [pickup, delivery] = movingNodes as [number, number];
  const p = route.problem;
  const size = p.nodeCount;
  const movingDemand = p.demand[pickup]! + p.demand[delivery]!;
  if (route.load + movingDemand > p.freeCapacity[0]! + TIME_EPSILON) return null;
  const facts = routeFacts(candidate);
  let best: InsertionOutcome | null = null;
  for (let i = 0; i <= route.stopCount; i++) {
    if (i >= route.firstLate && !rules.allowCollateral) break;
    const pickupArrival = route.departure[i]! + p.travel[route.nodes[i]! * size + pickup]!;
    let time = Math.max(pickupArrival, p.windowStart[pickup]!) + p.serviceTime[pickup]!;
    let prev = pickup;
    let middleOnTime = i < route.firstLate;
    for (let j = i; j <= route.stopCount; j++) {
      if (j > i) {
        // The route's stop at position j now comes between the pickup and the delivery.
        const node = route.nodes[j]!;
        const start = Math.max(time + p.travel[prev * size + node]!, p.windowStart[node]!);
        if (start > p.windowEnd[node]! + TIME_EPSILON) middleOnTime = false;
        time = start + p.serviceTime[node]!;
        prev = node;
        if (!middleOnTime && !rules.allowCollateral) break;
      }
      const deliveryArrival = time + p.travel[prev * size + delivery]!;
      const deliveryDone =
        Math.max(deliveryArrival, p.windowStart[delivery]!) + p.serviceTime[delivery]!;
      const after = route.nodes[j + 1]!;
      let nextStart = deliveryDone + p.travel[delivery * size + after]!;
      if (j < route.stopCount) nextStart = Math.max(nextStart, p.windowStart[after]!);
      let madeLate: number[] = [];
      if (!(middleOnTime && nextStart <= route.latest[j + 1]! + TIME_EPSILON)) {
        if (!rules.allowCollateral) continue;
        const collateral = pairMadeLate(candidate, i, j);
        if (collateral === null) continue;
        madeLate = collateral;
      }
      const outcome = evaluatePair(candidate, facts, {
        i,
        j,
        arrivals: [pickupArrival, deliveryArrival],
        nextStart,
        lateBeforeSeconds,
        madeLate,
        rules,
      });
      if (!best || better(outcome, best)) best = outcome;
    }
  }
  return best;
}

interface PairPlace {
  i: number;
  j: number;
  arrivals: [number, number];
  /** Service start at the route's position j + 1 (or arrival at the end) after the insertion. */
  nextStart: number;
  lateBeforeSeconds: readonly number[];
  madeLate: readonly number[];
  rules: ScoreRules;
}

function evaluatePair(
  candidate: CandidateRoute,
  facts: RouteFacts,
  place: PairPlace,
): InsertionOutcome {
  const { route, movingNodes, workingEnd, alreadyLate, routeCount, headCount } = candidate;
  const { i, j, arrivals, madeLate, rules } = place;
  const lateAfterSeconds = movingNodes.map((node, k) =>
    Math.max(0, arrivals[k]! - workingEnd[node]!),
  );
  let removedSeconds = 0;
  lateAfterSeconds.forEach(
    (late, k) => (removedSeconds += (place.lateBeforeSeconds[k] ?? 0) - late),
  );
  // The stops after the delivery start this much later; waiting further on soaks it up.
  const delay = Math.max(0, place.nextStart - route.start[j + 1]!);
  const addedSeconds = Math.max(0, delay - facts.waitAfter[j + 2]!);
  let newlyLate = 0;
  for (const node of madeLate) newlyLate += 1 - alreadyLate[node]!;
  const score =
    removedSeconds / 60 -
    (rules.addedMinuteWeight * addedSeconds) / 60 -
    rules.madeLatePenalty * madeLate.length;
  return {
    index: i,
    insertPosition: headCount + i + 1,
    insertPositions: [headCount + i + 1, headCount + j + 2],
    arrivalSeconds: [...arrivals],
    lateAfterSeconds,
    addedSeconds,
    madeLate: madeLate.map((node) => candidate.stopOfNode[node]!),
    otherOnTime: routeCount - facts.lateBeforeCount - newlyLate,
    otherAlreadyLate: facts.lateBeforeCount - (madeLate.length - newlyLate),
    score,
  };
}

/**
 * Route stops the pickup after position `i` and the delivery after position `j` push past
 * their deadline, walking the whole route; null when the shift end would not hold either.
 */
function pairMadeLate(candidate: CandidateRoute, i: number, j: number): number[] | null {
  const { route, movingNodes } = candidate;
  const p = route.problem;
  const size = p.nodeCount;
  let time = route.departure[i]!;
  let prev = route.nodes[i]!;
  const late: number[] = [];
  const visit = (node: number, counts: boolean) => {
    const start = Math.max(time + p.travel[prev * size + node]!, p.windowStart[node]!);
    if (counts && start > p.windowEnd[node]! + TIME_EPSILON) late.push(node);
    time = start + p.serviceTime[node]!;
    prev = node;
  };
  visit(movingNodes[0]!, false);
  for (let pos = i + 1; pos <= j; pos++) visit(route.nodes[pos]!, true);
  visit(movingNodes[1]!, false);
  for (let pos = j + 1; pos <= route.stopCount; pos++) visit(route.nodes[pos]!, true);
  const end = time + p.travel[prev * size + route.nodes[route.stopCount + 1]!]!;
  return end > p.latestEnd[0]! + TIME_EPSILON ? null : late;
}
