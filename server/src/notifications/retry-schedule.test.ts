import { describe, expect, it } from 'vitest';
import { afterFailedAttempt, backoffDelayMs } from './retry-schedule';

const SCHEDULE = { baseMs: 2_000, capMs: 600_000, retryPeriodMs: 24 * 3_600_000 };
const always = (value: number) => () => value;

describe('backoffDelayMs', () => {
  it('doubles the ceiling with each failure: base, 2×base, 4×base', () => {
    const nearlyOne = always(0.999_999);
    expect([1, 2, 3].map((n) => backoffDelayMs(n, nearlyOne, SCHEDULE))).toEqual([
      1_999, 3_999, 7_999,
    ]);
  });

  it('never waits longer than the cap, however many failures', () => {
    expect(backoffDelayMs(40, always(0.999_999), SCHEDULE)).toBe(599_999);
    expect(backoffDelayMs(10_000, always(0.999_999), SCHEDULE)).toBe(599_999);
  });

  it('spreads waits over the whole range below the ceiling (full jitter)', () => {
    expect(backoffDelayMs(3, always(0), SCHEDULE)).toBe(0);
    expect(backoffDelayMs(3, always(0.5), SCHEDULE)).toBe(4_000);
  });
});

describe('afterFailedAttempt', () => {
  const queuedAt = Date.UTC(2026, 0, 1);

  it('schedules the next attempt after the backoff while the retry period lasts', () => {
    expect(
      afterFailedAttempt({
        failedAttempts: 2,
        queuedAt,
        now: queuedAt + 10_000,
        random: always(0.5),
        schedule: SCHEDULE,
      }),
    ).toEqual({ kind: 'retry', nextAttemptAt: queuedAt + 12_000 });
  });

  it('makes the last attempt at the end of the period rather than after it', () => {
    const now = queuedAt + SCHEDULE.retryPeriodMs - 1_000;
    expect(
      afterFailedAttempt({
        failedAttempts: 30,
        queuedAt,
        now,
        random: always(0.9),
        schedule: SCHEDULE,
      }),
    ).toEqual({ kind: 'retry', nextAttemptAt: queuedAt + SCHEDULE.retryPeriodMs });
  });

  it('dead-letters a failure once the period since it was queued has run out', () => {
    for (const late of [0, 1, 3_600_000]) {
      expect(
        afterFailedAttempt({
          failedAttempts: 50,
          queuedAt,
          now: queuedAt + SCHEDULE.retryPeriodMs + late,
          random: always(0),
          schedule: SCHEDULE,
        }),
      ).toEqual({ kind: 'dead' });
    }
  });
});
