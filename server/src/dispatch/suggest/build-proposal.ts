import { explainMove, type MoveStory } from './explain';
import type { LiveCourier, LiveStop } from './model';
import type { SuggestOptions } from './options';
import type { Proposal, TriggerKind } from './proposal';
import type { ScoredMove } from './rank';

/** Why and how stops leave their courier, for the proposal and its explanation. */
export interface MoveContext {
  kind: TriggerKind;
  verb: MoveStory['verb'];
  from: LiveCourier | null;
  fromReason: string | null;
  /** Stops in the order inserted. */
  moving: readonly LiveStop[];
  lateBeforeSeconds: readonly number[];
  candidatesExamined: number;
  now: number;
}

/** A proposal moving `context.moving` together to the scored candidate. */
export function singleTargetProposal(
  context: MoveContext,
  scored: ScoredMove,
  options: SuggestOptions,
): Proposal {
  const { outcome, candidate } = scored;
  const to = candidate.courier;
  const lines = context.moving.map((stop, i) => ({
    stop,
    arriveAt: Math.round(context.now + outcome.arrivalSeconds[i]! * 1000),
    lateBeforeMinutes: (context.lateBeforeSeconds[i] ?? 0) / 60,
    lateAfterMinutes: outcome.lateAfterSeconds[i]! / 60,
  }));
  const removedMinutes = lines.reduce(
    (sum, line) => sum + line.lateBeforeMinutes - line.lateAfterMinutes,
    0,
  );
  const addedMinutes = outcome.addedSeconds / 60;
  const explanation = explainMove(
    {
      verb: context.verb,
      fromCourierId: context.from?.id ?? null,
      fromReason: context.fromReason,
      toCourierId: to.id,
      insertPosition: outcome.insertPosition,
      insertPositions: outcome.insertPositions,
      moved: lines,
      receiver: {
        courierId: to.id,
        otherOnTime: outcome.otherOnTime,
        otherAlreadyLate: outcome.otherAlreadyLate,
        madeLate: outcome.madeLate,
      },
      addedMinutes,
    },
    options,
  );
  return {
    kind: context.kind,
    stopIds: context.moving.map((stop) => stop.id),
    fromCourierId: context.from?.id ?? null,
    toCourierId: to.id,
    insertPosition: outcome.insertPosition,
    moves: context.moving.map((stop, i) => ({
      stopId: stop.id,
      toCourierId: to.id,
      insertPosition: outcome.insertPositions[i]!,
    })),
    routeVersions: routeVersions([context.from, to]),
    score: outcome.score,
    explanation,
    effect: {
      latenessRemovedMinutes: tenths(removedMinutes),
      addedMinutes: tenths(addedMinutes),
      otherStopsOnTime: outcome.otherOnTime,
      otherStopsMadeLate: outcome.madeLate.map((stop) => stop.id),
      arrivals: lines.map((line) => ({ stopId: line.stop.id, arriveAt: line.arriveAt })),
    },
    candidatesExamined: context.candidatesExamined,
  };
}

/** The route versions of the couriers that have one, keyed by courier id. */
export function routeVersions(couriers: readonly (LiveCourier | null)[]): Record<string, number> {
  const versions: Record<string, number> = {};
  for (const courier of couriers) {
    if (courier?.routeVersion !== undefined) versions[String(courier.id)] = courier.routeVersion;
  }
  return versions;
}

/** Minutes to one decimal, as stored and shown. */
export function tenths(minutes: number): number {
  return Math.round(minutes * 10) / 10;
}

/** Highest score first; equal scores keep their order. Keeps the best of each key. */
export function topDistinct(proposals: Proposal[], count: number): Proposal[] {
  const byKey = new Map<string, Proposal>();
  for (const proposal of proposals) {
    const key = proposalKey(proposal);
    const held = byKey.get(key);
    if (!held || proposal.score > held.score) byKey.set(key, proposal);
  }
  return [...byKey.values()].sort((a, b) => b.score - a.score).slice(0, count);
}

/** Same stops to the same couriers: the same proposal for a dispatcher. */
function proposalKey(proposal: Proposal): string {
  const stops = [...proposal.stopIds].sort((a, b) => a - b).join(',');
  const targets = [...new Set(proposal.moves.map((move) => move.toCourierId))]
    .sort((a, b) => a - b)
    .join(',');
  return `${stops}>${targets}`;
}
