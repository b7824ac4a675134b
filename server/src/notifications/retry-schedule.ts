/** How failed attempts are spaced, and how long a delivery is tried before it is dead-lettered. */
export interface RetrySchedule {
  /** The first retry waits up to this long; each failure doubles it. */
  baseMs: number;
  /** No wait is longer than this. */
  capMs: number;
  /** Counted from when the delivery was queued; past it a failed attempt is the last (NOTIFY_RETRY_MINUTES). */
  retryPeriodMs: number;
}

export const DEFAULT_BACKOFF = { baseMs: 2_000, capMs: 10 * 60_000 } as const;

/**
 * The wait before the next attempt after `failedAttempts` failures: exponential backoff with full
 * jitter (uniform between zero and the doubled ceiling), so receivers coming back are not hit by
 * every sender at once.
 */
export function backoffDelayMs(
  failedAttempts: number,
  random: () => number,
  schedule: Pick<RetrySchedule, 'baseMs' | 'capMs'>,
): number {
  const doublings = Math.min(Math.max(failedAttempts - 1, 0), 30);
  const ceiling = Math.min(schedule.capMs, schedule.baseMs * 2 ** doublings);
  return Math.floor(random() * ceiling);
}

/** What becomes of a delivery after a failed attempt. */
export type AfterFailure = { kind: 'retry'; nextAttemptAt: number } | { kind: 'dead' };

/**
 * After a failed attempt: dead once the retry period since it was queued has run out, else the
 * next attempt after the backoff (never later than the end of the period, so the last attempt
 * falls on it).
 */
export function afterFailedAttempt(input: {
  /** Failures so far, this one included. */
  failedAttempts: number;
  queuedAt: number;
  now: number;
  random: () => number;
  schedule: RetrySchedule;
}): AfterFailure {
  const deadline = input.queuedAt + input.schedule.retryPeriodMs;
  if (input.now >= deadline) return { kind: 'dead' };
  const delay = backoffDelayMs(input.failedAttempts, input.random, input.schedule);
  return { kind: 'retry', nextAttemptAt: Math.min(deadline, input.now + delay) };
}
