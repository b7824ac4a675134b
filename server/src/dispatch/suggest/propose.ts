import { singleTargetProposal, topDistinct } from './build-proposal';
import { wholeMinutes } from './explain';
import { currentLatenessSeconds } from './lateness';
import { isMovable, type LiveCourier, type LiveModel, type LiveStop } from './model';
import { resolveOptions, type SuggestOptions, type SuggestOptionsInput } from './options';
import { NO_SUGGESTION, type Proposal, type SuggestionResult, type Trigger } from './proposal';
import { scoreNear } from './rank';
import { proposeForIdleCourier } from './idle-courier';

/**
 * The top proposals for a trigger, best first: a late or at-risk stop moved to the courier it
 * fits best, a stalled or offline courier's stops moved away, a failed stop re-attempted, or a
 * new stop assigned. Empty when nothing helps without breaking other deliveries.
 */
export function proposeFor(
  trigger: Trigger,
  model: LiveModel,
  input: SuggestOptionsInput,
): Proposal[] {
  return suggestFor(trigger, model, input).proposals;
}

/** `proposeFor` with the number of couriers examined, also when nothing was found. */
export function suggestFor(
  trigger: Trigger,
  model: LiveModel,
  input: SuggestOptionsInput,
): SuggestionResult {
  const options = resolveOptions(input);
  switch (trigger.kind) {
    case 'late_risk':
    case 'late':
      return proposeForLateStop(trigger.kind, trigger.stopId, model, options);
    case 'unassigned':
      return proposeForUnassignedStop(trigger.stopId, model, options);
    case 'failed_attempt':
      return proposeForFailedStop(trigger.stopId, model, options);
    case 'stalled':
    case 'offline':
      return proposeForIdleCourier(trigger, model, options);
  }
}

/** Moves a late or at-risk stop to another courier when that removes lateness. */
function proposeForLateStop(
  kind: 'late' | 'late_risk',
  stopId: number,
  model: LiveModel,
  options: SuggestOptions,
): SuggestionResult {
  const stop = model.stops.get(stopId);
  if (!stop || !isMovable(stop) || stop.courierId === null) return NO_SUGGESTION;
  const from = model.couriers.get(stop.courierId);
  if (!from) return NO_SUGGESTION;
  // An unavailable courier's route is not progressing: assume it stays put a while.
  const delaySeconds = from.available ? 0 : options.stallAssumptionMinutes * 60;
  const lateBefore =
    currentLatenessSeconds(from, model.now, options.provider, delaySeconds).get(stop.id) ?? 0;
  return proposeStopMoves(stop, model, options, {
    kind,
    verb: 'move',
    from,
    fromReason: `predicted ${wholeMinutes(lateBefore / 60)} min late`,
    lateBeforeSeconds: lateBefore,
    allowCurrentCourier: false,
    minScore: 0,
  });
}

/** Best insertions of a new stop anywhere near it. */
function proposeForUnassignedStop(
  stopId: number,
  model: LiveModel,
  options: SuggestOptions,
): SuggestionResult {
  const stop = model.stops.get(stopId);
  if (!stop || stop.status !== 'unassigned') return NO_SUGGESTION;
  return proposeStopMoves(stop, model, options, {
    kind: 'unassigned',
    verb: 'assign',
    from: null,
    fromReason: null,
    lateBeforeSeconds: 0,
    allowCurrentCourier: false,
    minScore: -Infinity,
  });
}

/** A failed stop back on a route today: its own courier later, or another courier. */
function proposeForFailedStop(
  stopId: number,
  model: LiveModel,
  options: SuggestOptions,
): SuggestionResult {
  const stop = model.stops.get(stopId);
  if (!stop || stop.status !== 'failed') return NO_SUGGESTION;
  if ((stop.attempts ?? 1) >= options.maxAttempts || model.now >= stop.windowEnd)
    return NO_SUGGESTION;
  const from = stop.courierId === null ? null : (model.couriers.get(stop.courierId) ?? null);
  // Not straight back to the door the customer did not open: the earliest retry is a while away.
  const retryFrom = model.now + options.reattemptDelayMinutes * 60_000;
  const retry = { ...stop, windowStart: Math.max(stop.windowStart, retryFrom) };
  return proposeStopMoves(retry, model, options, {
    kind: 'failed_attempt',
    verb: 'reattempt',
    from,
    fromReason: null,
    lateBeforeSeconds: 0,
    allowCurrentCourier: true,
    minScore: -Infinity,
  });
}

interface StopMoveRequest {
  kind: Proposal['kind'];
  verb: 'move' | 'assign' | 'reattempt';
  from: LiveCourier | null;
  fromReason: string | null;
  lateBeforeSeconds: number;
  allowCurrentCourier: boolean;
  /** Proposals must score above this. */
  minScore: number;
}

function proposeStopMoves(
  stop: LiveStop,
  model: LiveModel,
  options: SuggestOptions,
  request: StopMoveRequest,
): SuggestionResult {
  const examined = new Set<number>();
  const query = { now: model.now, allowCurrentCourier: request.allowCurrentCourier };
  const scored = scoreNear(
    stop,
    [stop],
    [request.lateBeforeSeconds],
    model,
    options,
    query,
    request.minScore,
    undefined,
    examined,
  );
  const context = {
    kind: request.kind,
    verb: request.verb,
    from: request.from,
    fromReason: request.fromReason,
    moving: [stop],
    lateBeforeSeconds: [request.lateBeforeSeconds],
    candidatesExamined: examined.size,
    now: model.now,
  };
  const proposals = scored
    .slice(0, options.topK)
    .map((move) => singleTargetProposal(context, move, options));
  return { proposals: topDistinct(proposals, options.topK), candidatesExamined: examined.size };
}
