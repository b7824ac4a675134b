import {
  epochToZonedLocal,
  zonedDate,
  zonedLocalToEpochMs,
  type AttemptPolicy,
  type FailureReason,
  type SlaTier,
} from '@dispatch/shared';

/**
 * What happens to a stop after a failed attempt, decided from the hub's policy for its tier, pure:
 * the service in this folder applies it.
 */

/** A same-day retry needs at least this much of the window left, so a courier can get there. */
export const MIN_WINDOW_LEFT_MS = 30 * 60_000;

/** Reasons a parcel is never offered again: the customer refused it, or it is damaged. */
export const RETURN_REASONS: readonly FailureReason[] = ['refused', 'damaged'];

/** Why a parcel goes back to the hub. */
export type ReturnCause = 'max_attempts' | 'refused' | 'damaged' | 'no_retry_left';

export type AttemptDecision =
  /** Unassigned again today, for planning and suggestions to place on a route. */
  | { action: 'retry_today' }
  /** Unassigned with its window moved to the same local hours of the next day. */
  | { action: 'next_day'; windowStart: number; windowEnd: number }
  /** Goes back to the hub on the courier's route. */
  | { action: 'return'; cause: ReturnCause };

/** The stop as the decision reads it after the failed attempt was recorded. */
export interface FailedAttempt {
  slaTier: SlaTier;
  windowStart: number;
  windowEnd: number;
  /** Attempts made, the failed one included. */
  attempts: number;
  /** The failed attempt's reason code, when the courier gave one. */
  reasonCode: FailureReason | null;
}

/**
 * Policies a hub has not set: an express parcel is retried the same day and goes back after two
 * attempts (an express promise is not kept tomorrow); a same-day parcel is retried today, else
 * tomorrow, three attempts in all; a next-day parcel is tried on following days, three in all.
 */
export const DEFAULT_ATTEMPT_POLICIES: Readonly<Record<SlaTier, AttemptPolicy>> = {
  express: { slaTier: 'express', retrySameDay: true, moveToNextDay: false, maxAttempts: 2 },
  same_day: { slaTier: 'same_day', retrySameDay: true, moveToNextDay: true, maxAttempts: 3 },
  next_day: { slaTier: 'next_day', retrySameDay: false, moveToNextDay: true, maxAttempts: 3 },
};

/**
 * After a failed attempt: back to the hub when the attempts are used up or the parcel was refused
 * or damaged; else again today while at least {@link MIN_WINDOW_LEFT_MS} of the window is left and
 * the policy retries the same day; else the next day when the policy allows; else back to the hub.
 */
export function decideAfterFailure(
  stop: FailedAttempt,
  policy: Pick<AttemptPolicy, 'retrySameDay' | 'moveToNextDay' | 'maxAttempts'>,
  timeZone: string,
  nowMs: number,
): AttemptDecision {
  if (stop.reasonCode === 'refused' || stop.reasonCode === 'damaged')
    return { action: 'return', cause: stop.reasonCode };
  if (stop.attempts >= policy.maxAttempts) return { action: 'return', cause: 'max_attempts' };
  if (policy.retrySameDay && stop.windowEnd - nowMs >= MIN_WINDOW_LEFT_MS)
    return { action: 'retry_today' };
  if (policy.moveToNextDay) return { action: 'next_day', ...nextDayWindow(stop, timeZone, nowMs) };
  return { action: 'return', cause: 'no_retry_left' };
}

/**
 * The window at the same local hours on the day after today in the hub's zone (or, for a window
 * already after today, on the day after its own): a window across midnight keeps its shape, and
 * a day with a clock change keeps the local hours, not the length.
 */
export function nextDayWindow(
  window: { windowStart: number; windowEnd: number },
  timeZone: string,
  nowMs: number,
): { windowStart: number; windowEnd: number } {
  const tomorrow = addDays(zonedDate(nowMs, timeZone), 1);
  const days = Math.max(1, daysBetween(zonedDate(window.windowStart, timeZone), tomorrow));
  return {
    windowStart: shiftLocalDays(window.windowStart, days, timeZone),
    windowEnd: shiftLocalDays(window.windowEnd, days, timeZone),
  };
}

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` plus whole days. */
function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/** The same local wall-clock time `days` later in the zone (seconds kept). */
function shiftLocalDays(epochMs: number, days: number, timeZone: string): number {
  const local = epochToZonedLocal(epochMs, timeZone);
  // Zones are whole minutes off UTC: the seconds are the same in both.
  const withinMinute = ((epochMs % 60_000) + 60_000) % 60_000;
  const [date, time] = local.split('T') as [string, string];
  return zonedLocalToEpochMs(`${addDays(date, days)}T${time}`, timeZone)! + withinMinute;
}
