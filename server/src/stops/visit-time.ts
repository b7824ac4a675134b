/**
 * How far a phone's clock may disagree with the server's before its times stop being believed
 * near a bound: a fix counts as sent live when received within this of its device time, and a
 * visit may be dated this much before the last live fix that preceded it.
 */
export const DEVICE_CLOCK_SKEW_MS = 2 * 60_000;

/**
 * Events that put a stop on a courier's route (import, moves and plans, a re-attempt, the way
 * back to the hub): a visit to it cannot be older than the latest of them.
 */
export const PLACEMENT_EVENT_KINDS = [
  'stop.created',
  'stop.reassigned',
  'stop.reattempt_planned',
  'stop.returning',
] as const;

/** What the server knows, in its own time, about a stop and its courier before a visit report. */
export interface VisitHistory {
  /** When the stop was created or last put on a route (epoch ms, server time). */
  placedAt: number;
  /** For a completion, its recorded arrival; a previous attempt's completion; null when neither. */
  earlierVisitAt: number | null;
  /**
   * When the server last received a fix the device sent live (within the skew of its device
   * time) at least the skew before this report; null when there is none since the placement.
   */
  lastLiveFixAt: number | null;
}

/** A visit as a device reported it. */
export interface VisitTimeInput {
  /** The device's time of the visit, epoch ms, if it sent one. */
  deviceT?: number | undefined;
  /** When the server received the report, epoch ms. */
  receivedAt: number;
  history: VisitHistory;
}

/** Which bound a visit's time was moved to. */
export type VisitTimeBound = 'receipt' | 'placed' | 'earlier_visit' | 'live_fix';

/** The time a visit is recorded at, and the bound that moved it there, if one did. */
export interface VisitTime {
  at: number;
  clamped: 'up' | 'down' | null;
  bound: VisitTimeBound | null;
}

/**
 * A visit's time, bounded by what the server saw happen (see the stops/ README):
 * - never after the report was received;
 * - never before the stop was placed on the route, nor (a completion) before its arrival or an
 *   earlier attempt: the device could not have done it before it knew of the stop;
 * - never more than {@link DEVICE_CLOCK_SKEW_MS} before a fix the device sent live ahead of the
 *   report. The courier app sends its outbox strictly in order, so a fix that reached the server
 *   before the visit was taken before it; a phone that is online sends at once, so a report
 *   long after such a fix was made after it. A phone that was offline sent nothing live in
 *   between, so an action it queued keeps its own time, back to the placement.
 */
export function visitTime({ deviceT, receivedAt, history }: VisitTimeInput): VisitTime {
  if (deviceT === undefined) return { at: receivedAt, clamped: null, bound: null };
  if (deviceT > receivedAt) return { at: receivedAt, clamped: 'down', bound: 'receipt' };
  const lower = lowerBound(history);
  if (lower && deviceT < lower.at) {
    return { at: Math.min(lower.at, receivedAt), clamped: 'up', bound: lower.bound };
  }
  return { at: deviceT, clamped: null, bound: null };
}

function lowerBound(history: VisitHistory): { at: number; bound: VisitTimeBound } | null {
  const candidates: { at: number; bound: VisitTimeBound }[] = [
    { at: history.placedAt, bound: 'placed' },
  ];
  if (history.earlierVisitAt !== null) {
    candidates.push({ at: history.earlierVisitAt, bound: 'earlier_visit' });
  }
  if (history.lastLiveFixAt !== null) {
    candidates.push({ at: history.lastLiveFixAt - DEVICE_CLOCK_SKEW_MS, bound: 'live_fix' });
  }
  let best: { at: number; bound: VisitTimeBound } | null = null;
  for (const c of candidates) if (!best || c.at > best.at) best = c;
  return best;
}
