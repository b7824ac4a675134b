import type { Proposal } from '../../../server/src/dispatch/suggest';

/** What the hub concluded about a stop the last time an alert asked about it. */
export type AskVerdict =
  /** The suggestion engine had no proposal for it. */
  | 'no_proposal'
  /** Proposals came, none predicted to remove any lateness. */
  | 'no_gain'
  /** A proposal would have removed lateness but made another stop late: refused. */
  | 'collateral'
  /** A proposal moving it was applied. */
  | 'applied';

/** Everything the alerts asked about one stop over the day. */
export interface StopAsks {
  /** Epoch ms of the first alert that asked about it (its own, or its courier's). */
  firstAskMs: number;
  /** Epoch ms of its own first late-risk or late alert, if it had one. */
  firstOwnAlertMs: number | null;
  verdicts: Set<AskVerdict>;
  /** Times a proposal moving it was applied. */
  moves: number;
  /** Epoch ms of the last applied move, and the arrival the proposal predicted there. */
  lastMove: { atMs: number; predictedArriveMs: number | null } | null;
}

/**
 * Per stop, what the auto-dispatching hub was asked and what it did: the raw material for
 * telling why a stop the suggestions were meant to save was late anyway.
 */
export class DispatchLog {
  readonly byStop = new Map<number, StopAsks>();

  /**
   * One ask about `stopIds` (the alert's stop, or every movable stop of a stalled or offline
   * courier) and its proposals; `applied` is the proposal taken, if any. `ownAlert`: the
   * alert was the stop's own (late risk or late), not its courier's.
   */
  record(
    stopIds: readonly number[],
    proposals: readonly Proposal[],
    applied: Proposal | undefined,
    nowMs: number,
    ownAlert = false,
  ): void {
    for (const stopId of stopIds) {
      const asks = this.byStop.get(stopId) ?? {
        firstAskMs: nowMs,
        firstOwnAlertMs: null,
        verdicts: new Set(),
        moves: 0,
        lastMove: null,
      };
      this.byStop.set(stopId, asks);
      if (ownAlert) asks.firstOwnAlertMs ??= nowMs;
      asks.verdicts.add(verdictFor(stopId, proposals, applied));
      if (applied?.stopIds.includes(stopId)) {
        asks.moves++;
        const arrival = applied.effect.arrivals.find((a) => a.stopId === stopId);
        asks.lastMove = { atMs: nowMs, predictedArriveMs: arrival?.arriveAt ?? null };
      }
    }
  }
}

/** The hub's verdict on one stop given the proposals an ask brought. */
export function verdictFor(
  stopId: number,
  proposals: readonly Proposal[],
  applied: Proposal | undefined,
): AskVerdict {
  if (applied?.stopIds.includes(stopId)) return 'applied';
  const covering = proposals.filter((p) => p.stopIds.includes(stopId));
  if (covering.length === 0) return 'no_proposal';
  const gains = covering.filter((p) => p.effect.latenessRemovedMinutes > 0);
  if (gains.length === 0) return 'no_gain';
  return 'collateral';
}
