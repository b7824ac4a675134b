import type { DispatchLog } from './dispatch-log';
import type { Hold } from './holds';
import type { SimStop } from './sim-courier';

/** Why a stop was late (or never reached) although the hub applied suggestions all day. */
export type MissCause =
  /** Moved by a suggestion that only cut its lateness: predicted late where it went too. */
  | 'moved_predicted_late'
  /** Moved by a suggestion predicted on time, late all the same (the prediction was wrong). */
  | 'moved_predicted_on_time'
  /** No alert ever asked about it (neither its own nor its courier's). */
  | 'never_asked'
  /** The first alert about it came only after its window had closed. */
  | 'asked_after_window'
  /** A proposal would have saved it but made another stop late: refused. */
  | 'refused_collateral'
  /** Proposals came, none predicted to remove its lateness. */
  | 'no_gain'
  /** Asked about, the suggestion engine had nothing to propose. */
  | 'no_proposal';

export const MISS_CAUSES: readonly MissCause[] = [
  'moved_predicted_late',
  'moved_predicted_on_time',
  'never_asked',
  'asked_after_window',
  'refused_collateral',
  'no_gain',
  'no_proposal',
];

/** What held the courier that ended up with the stop, last before it got there. */
export type HeldBy = Hold['kind'] | 'none';

export interface Miss {
  stopId: number;
  cause: MissCause;
  heldBy: HeldBy;
  /** Minutes between its own first late-risk or late alert and its window end; null: none. */
  warningMinutes: number | null;
}

/**
 * Each due stop that was late or never reached, with the first cause that applies (in the
 * order of `MISS_CAUSES`) and the kind of the last hold its final courier went through before
 * reaching it (or before the run ended).
 */
export function classifyMisses(
  stops: readonly SimStop[],
  log: DispatchLog,
  holds: readonly Hold[],
  span: { dueByMs: number; endMs: number },
): Miss[] {
  const misses: Miss[] = [];
  for (const stop of stops) {
    if (stop.windowEnd > span.dueByMs) continue;
    if (stop.arrivedAt !== null && stop.arrivedAt <= stop.windowEnd) continue;
    const reachedMs = stop.arrivedAt ?? span.endMs;
    const before = holds
      .filter((h) => h.courierId === stop.courierId && h.fromMs < reachedMs)
      .sort((a, b) => b.fromMs - a.fromMs);
    const alertMs = log.byStop.get(stop.id)?.firstOwnAlertMs ?? null;
    misses.push({
      stopId: stop.id,
      cause: causeOf(stop, log),
      heldBy: before[0]?.kind ?? 'none',
      warningMinutes: alertMs === null ? null : (stop.windowEnd - alertMs) / 60_000,
    });
  }
  return misses;
}

function causeOf(stop: SimStop, log: DispatchLog): MissCause {
  const asks = log.byStop.get(stop.id);
  const move = asks?.lastMove;
  if (move) {
    const predicted = move.predictedArriveMs;
    return predicted !== null && predicted <= stop.windowEnd
      ? 'moved_predicted_on_time'
      : 'moved_predicted_late';
  }
  if (!asks) return 'never_asked';
  if (asks.firstAskMs > stop.windowEnd) return 'asked_after_window';
  if (asks.verdicts.has('collateral')) return 'refused_collateral';
  if (asks.verdicts.has('no_gain')) return 'no_gain';
  return 'no_proposal';
}
