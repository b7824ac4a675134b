import type { TravelTimeProvider } from '../../eta/travel-time';
import { buildCandidateRoute, type CandidateRoute } from './candidate-route';
import {
  allCandidates,
  findCandidates,
  nearestFirst,
  ringsAround,
  type Candidate,
  type CandidateSearch,
  type CourierLookup,
} from './candidates';
import type { EligibilityQuery } from './eligibility';
import { bestInsertion, type InsertionOutcome, type ScoreRules } from './insertion';
import type { LiveCourier, LiveModel, LiveStop } from './model';
import type { SuggestOptions } from './options';
import { isOrderPair } from './order-of';
import { bestPairInsertion } from './pair-insertion';

/** A candidate's route and its best insertion of the moving stops. */
export interface ScoredMove {
  candidate: CandidateRoute;
  outcome: InsertionOutcome;
}

/** Candidates for a stop by the configured search: H3 rings, or every courier. */
export function searchCandidates(
  stop: LiveStop,
  model: LiveModel,
  options: SuggestOptions,
  query: EligibilityQuery,
  courierOf?: CourierLookup,
  examinedIds?: Set<number>,
): CandidateSearch {
  return options.candidateSearch === 'all'
    ? allCandidates(stop, model, options, query, courierOf, examinedIds)
    : findCandidates(stop, model, options, query, courierOf, examinedIds);
}

/**
 * The candidates' best insertions of `moving` near `anchor`, best first, above `minScore`.
 *
 * The H3 search expands rings until it holds `minCandidates` eligible couriers, then
 * `marginRings` more (the best insertion is often into a route passing just beyond the nearest
 * ones). In a dense fleet that is far more couriers than are worth asking the travel-time
 * provider about, so when there are more than `screenKeep` they are first ranked by a cheap
 * screen (straight-line times, scaled per courier by one real trip to the stop) and only the
 * `screenKeep` best are scored with the real provider. When none of those can take the stops
 * usefully, the next best are, expanding rings as needed, up to `maxCandidates`: a stop nobody
 * close by can take still finds someone a little farther.
 */
export function scoreNear(
  anchor: LiveStop,
  moving: readonly LiveStop[],
  lateBeforeSeconds: readonly number[],
  model: LiveModel,
  options: SuggestOptions,
  query: EligibilityQuery,
  minScore: number,
  courierOf?: CourierLookup,
  examinedIds?: Set<number>,
): ScoredMove[] {
  const score = (couriers: readonly LiveCourier[]) =>
    scoreCouriers(
      couriers,
      moving,
      lateBeforeSeconds,
      model.now,
      options.provider,
      options,
      minScore,
    );
  if (options.candidateSearch === 'all') {
    const search = allCandidates(anchor, model, options, query, courierOf, examinedIds);
    return score(search.candidates.map((candidate) => candidate.courier));
  }
  const rings = ringsAround(anchor, model, options, query, courierOf, examinedIds);
  const pool: Candidate[] = [];
  let exhausted = false;
  const pullRing = () => {
    const next = rings.next();
    if (next.done) exhausted = true;
    else pool.push(...next.value.candidates);
    return !exhausted;
  };
  const pullUntil = (count: number) => {
    while (pool.length < count && pullRing());
    for (let i = 0; i < options.marginRings && pullRing(); i++);
  };

  const scored: ScoredMove[] = [];
  const screen = new Map<number, number>();
  const evaluated = new Set<number>();
  pullUntil(options.minCandidates);
  for (;;) {
    const waiting = pool.filter((candidate) => !evaluated.has(candidate.courier.id));
    const room = Math.min(options.screenKeep, options.maxCandidates - evaluated.size);
    if (waiting.length > room) {
      const couriers = waiting.map((candidate) => candidate.courier);
      screenScores(couriers, anchor, moving, lateBeforeSeconds, model.now, options, screen);
      waiting.sort(
        (a, b) => screen.get(b.courier.id)! - screen.get(a.courier.id)! || nearestFirst(a, b),
      );
    }
    const next = waiting.slice(0, room).map((candidate) => candidate.courier);
    for (const courier of next) evaluated.add(courier.id);
    scored.push(...score(next));
    if (scored.length > 0 || evaluated.size >= options.maxCandidates) break;
    if (evaluated.size >= pool.length) {
      if (exhausted) break;
      pullUntil(Math.max(1, 2 * pool.length));
    }
  }
  return scored.sort(bestFirst);
}

/**
 * Each courier's best insertion of `moving` (kept together, in order; a shop order's pickup and
 * delivery each at its best place, the pickup first) with travel times from `provider`, best
 * first, keeping those scoring above `minScore`.
 */
export function scoreCouriers(
  couriers: readonly LiveCourier[],
  moving: readonly LiveStop[],
  lateBeforeSeconds: readonly number[],
  now: number,
  provider: TravelTimeProvider,
  rules: ScoreRules & Pick<SuggestOptions, 'windowMarginMinutes'>,
  minScore: number,
): ScoredMove[] {
  const scored: ScoredMove[] = [];
  const place = isOrderPair(moving) ? bestPairInsertion : bestInsertion;
  for (const courier of couriers) {
    const candidate = buildCandidateRoute(
      courier,
      moving,
      now,
      provider,
      0,
      rules.windowMarginMinutes * 60,
    );
    if (!candidate) continue;
    const outcome = place(candidate, lateBeforeSeconds, rules);
    if (outcome && outcome.score > minScore) scored.push({ candidate, outcome });
  }
  return scored.sort(bestFirst);
}

/** Highest score, then least time added, then lowest courier id (so equal answers compare equal). */
export function bestFirst(a: ScoredMove, b: ScoredMove): number {
  return (
    b.outcome.score - a.outcome.score ||
    a.outcome.addedSeconds - b.outcome.addedSeconds ||
    a.candidate.courier.id - b.candidate.courier.id
  );
}

/**
 * The screen's score of each courier's best insertion of `moving` (-Infinity when it finds
 * none), added to `scores` by courier id; couriers already there are not screened again.
 */
export function screenScores(
  couriers: readonly LiveCourier[],
  anchor: LiveStop,
  moving: readonly LiveStop[],
  lateBeforeSeconds: readonly number[],
  now: number,
  options: SuggestOptions,
  scores = new Map<number, number>(),
): Map<number, number> {
  for (const courier of couriers) {
    if (scores.has(courier.id)) continue;
    const provider = calibratedScreen(courier, anchor, now, options);
    const [screened] = scoreCouriers(
      [courier],
      moving,
      lateBeforeSeconds,
      now,
      provider,
      options,
      -Infinity,
    );
    scores.set(courier.id, screened?.outcome.score ?? -Infinity);
  }
  return scores;
}

/**
 * The screen's travel times scaled, for one courier, by how the real provider judges its trip
 * to the stop: one real call adapts the straight-line screen to the speeds of the area.
 */
function calibratedScreen(
  courier: LiveCourier,
  anchor: LiveStop,
  now: number,
  options: SuggestOptions,
): TravelTimeProvider {
  const screen = options.screenProvider;
  const from = courier.position ?? courier.route[0];
  if (!from) return screen;
  const ctx = { vehicle: courier.vehicle, departAt: now };
  const straight = screen.travelSeconds(from, anchor, ctx);
  const factor = straight > 0 ? options.provider.travelSeconds(from, anchor, ctx) / straight : 1;
  return {
    name: `${screen.name} ×${factor.toFixed(2)}`,
    travelSeconds: (a, b, c) => screen.travelSeconds(a, b, c) * factor,
    travelSecondsFrom: (a, targets, c) =>
      screen.travelSecondsFrom(a, targets, c).map((seconds) => seconds * factor),
  };
}
