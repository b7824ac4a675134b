import { singleTargetProposal, topDistinct, type MoveContext } from './build-proposal';
import { predictedLateReason } from './explain';
import { currentLatenessSeconds } from './lateness';
import { isMovable, type LiveCourier, type LiveModel, type LiveStop } from './model';
import { resolveOptions, type SuggestOptions, type SuggestOptionsInput } from './options';
import { NO_SUGGESTION, type Proposal, type SuggestionResult, type Trigger } from './proposal';
import { orderOf } from './order-of';
import { scoreCouriers, scoreNear, type ScoredMove } from './rank';
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
  const lateness = currentLatenessSeconds(
    from,
    model.now,
    options.provider,
    delaySeconds,
    options.windowMarginMinutes * 60,
  );
  const lateBefore = lateness.get(stop.id) ?? 0;
  return proposeStopMoves(stop, model, options, {
    kind,
    verb: 'move',
    from,
    fromReason: predictedLateReason(stop, lateBefore / 60, options.windowMarginMinutes),
    lateBeforeSeconds: lateness,
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
    lateBeforeSeconds: new Map(),
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
    lateBeforeSeconds: new Map(),
    allowCurrentCourier: true,
    minScore: -Infinity,
  });
}

interface StopMoveRequest {
  kind: Proposal['kind'];
  verb: 'move' | 'assign' | 'reattempt';
  from: LiveCourier | null;
  fromReason: string | null;
  /** Predicted lateness on the current route by stop id (absent: none). */
  lateBeforeSeconds: ReadonlyMap<number, number>;
  allowCurrentCourier: boolean;
  /** Proposals must score above this. */
  minScore: number;
}

/**
 * The best moves of a stop, or of its whole shop order (pickup then delivery, each at its best
 * place on the receiving route). A delivery whose parcel its courier holds is only offered a
 * better place on that courier's route; an order whose other stop cannot move now, nothing.
 */
function proposeStopMoves(
  stop: LiveStop,
  model: LiveModel,
  options: SuggestOptions,
  request: StopMoveRequest,
): SuggestionResult {
  const order = orderOf(stop, model);
  if (order.kind === 'stuck') return NO_SUGGESTION;
  // A failed stop's retry window (see the caller) replaces the stored stop in the order.
  const moving =
    order.kind === 'pair'
      ? [order.pickup, order.delivery].map((s) => (s.id === stop.id ? stop : s))
      : [stop];
  const lateBefore = moving.map((s) => request.lateBeforeSeconds.get(s.id) ?? 0);
  const examined = new Set<number>();
  let scored: ScoredMove[];
  let verb: MoveContext['verb'] = request.verb;
  if (order.kind === 'carried') {
    const holder = order.holderId === null ? undefined : model.couriers.get(order.holderId);
    if (!holder) return NO_SUGGESTION;
    examined.add(holder.id);
    if (verb === 'move' && holder.id === stop.courierId) verb = 'resequence';
    scored = scoreCouriers(
      [holder],
      moving,
      lateBefore,
      model.now,
      options.provider,
      options,
      request.minScore,
    );
  } else {
    // The search runs around the pickup: the stop's own courier is ruled out by name.
    const query = {
      now: model.now,
      allowCurrentCourier: request.allowCurrentCourier,
      excluded:
        request.allowCurrentCourier || stop.courierId === null
          ? undefined
          : new Set([stop.courierId]),
    };
    scored = scoreNear(
      moving[0]!,
      moving,
      lateBefore,
      model,
      options,
      query,
      request.minScore,
      undefined,
      examined,
    );
  }
  const context: MoveContext = {
    kind: request.kind,
    verb,
    from: request.from,
    fromReason: request.fromReason,
    moving,
    lateBeforeSeconds: lateBefore,
    candidatesExamined: examined.size,
    now: model.now,
  };
  const proposals = scored
    .slice(0, options.topK)
    .map((move) => singleTargetProposal(context, move, options));
  return { proposals: topDistinct(proposals, options.topK), candidatesExamined: examined.size };
}
