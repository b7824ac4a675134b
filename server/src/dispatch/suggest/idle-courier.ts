import { singleTargetProposal, topDistinct } from './build-proposal';
import { ineligibility, type EligibilityQuery } from './eligibility';
import { wholeMinutes } from './explain';
import { currentLatenessSeconds } from './lateness';
import { isMovable, type LiveCourier, type LiveModel } from './model';
import type { SuggestOptions } from './options';
import { movableAsOrders } from './order-of';
import { NO_SUGGESTION, type SuggestionResult } from './proposal';
import { scoreCouriers, screenScores, searchCandidates } from './rank';
import { spreadProposal, spreadStops } from './spread-stops';

/** A courier that stalled or went offline with stops still to serve. */
export interface IdleCourierTrigger {
  kind: 'stalled' | 'offline';
  courierId: number;
  since: number;
}

/**
 * Moves a stalled or offline courier's stops away, its route assumed not to progress for
 * `stallAssumptionMinutes`: all of them to one courier in their order (one proposal per
 * receiver that can take them all), or each (a shop order's pickup and delivery together) to
 * its best courier, most urgent first, the receiving routes updated as it goes (one proposal).
 * The best `topK` of these. Deliveries whose parcel the courier already holds stay with it.
 */
export function proposeForIdleCourier(
  trigger: IdleCourierTrigger,
  model: LiveModel,
  options: SuggestOptions,
): SuggestionResult {
  const from = model.couriers.get(trigger.courierId);
  if (!from) return NO_SUGGESTION;
  const moving = movableAsOrders(from.route.filter(isMovable), model);
  if (moving.length === 0) return NO_SUGGESTION;
  const { now } = model;
  const lateness = currentLatenessSeconds(
    from,
    now,
    options.provider,
    options.stallAssumptionMinutes * 60,
    options.windowMarginMinutes * 60,
  );
  const lateBefore = moving.map((stop) => lateness.get(stop.id) ?? 0);
  const query: EligibilityQuery = { now, excluded: new Set([from.id]) };
  const examined = new Set<number>();
  const fromReason = `${trigger.kind} ${wholeMinutes((now - trigger.since) / 60_000)} min`;

  const nearAny = new Map<number, LiveCourier>();
  for (const stop of moving) {
    for (const { courier } of searchCandidates(stop, model, options, query, undefined, examined)
      .candidates)
      nearAny.set(courier.id, courier);
  }
  const takeAll = [...nearAny.values()].filter((courier) =>
    moving.every((stop) => ineligibility(courier, stop, query, options) === null),
  );
  // In a dense fleet many couriers pass near some stop: the screen picks those worth scoring.
  let worthScoring = takeAll;
  if (options.candidateSearch === 'h3' && takeAll.length > options.screenKeep) {
    const screen = screenScores(takeAll, moving[0]!, moving, lateBefore, now, options);
    worthScoring = [...takeAll]
      .sort((a, b) => screen.get(b.id)! - screen.get(a.id)! || a.id - b.id)
      .slice(0, options.screenKeep);
  }
  const together = scoreCouriers(
    worthScoring,
    moving,
    lateBefore,
    now,
    options.provider,
    options,
    0,
  );
  const spread = spreadStops(moving, lateBefore, model, options, query, examined);

  const context = {
    kind: trigger.kind,
    verb: 'move' as const,
    from,
    fromReason,
    moving,
    lateBeforeSeconds: lateBefore,
    candidatesExamined: examined.size,
    now,
  };
  const proposals = together
    .slice(0, options.topK)
    .map((move) => singleTargetProposal(context, move, options));
  if (spread)
    proposals.push(spreadProposal({ ...context, from, fromReason }, spread, model, options));
  return { proposals: topDistinct(proposals, options.topK), candidatesExamined: examined.size };
}
