import { describe, expect, it } from 'vitest';
import type { AttemptPolicy } from '@dispatch/shared';
import {
  DEFAULT_ATTEMPT_POLICIES,
  MIN_WINDOW_LEFT_MS,
  decideAfterFailure,
  nextDayWindow,
  type FailedAttempt,
} from './attempt-decision';

const at = (iso: string) => Date.parse(iso);
const MINUTE = 60_000;

const policy = (over: Partial<AttemptPolicy> = {}) => ({
  retrySameDay: true,
  moveToNextDay: true,
  maxAttempts: 3,
  ...over,
});

/** A same-day stop failed once, its window 14:00–18:00 UTC on 2 May 2025. */
const failed = (over: Partial<FailedAttempt> = {}): FailedAttempt => ({
  slaTier: 'same_day',
  windowStart: at('2025-05-02T14:00:00Z'),
  windowEnd: at('2025-05-02T18:00:00Z'),
  attempts: 1,
  reasonCode: 'not_home',
  ...over,
});

describe('the decision after a failed attempt', () => {
  const now = at('2025-05-02T15:00:00Z');

  it('retries today while the policy allows and enough of the window is left', () => {
    expect(decideAfterFailure(failed(), policy(), 'UTC', now)).toEqual({ action: 'retry_today' });
  });

  it('retries today with exactly the minimum of the window left, not a minute less', () => {
    const end = failed().windowEnd;
    expect(decideAfterFailure(failed(), policy(), 'UTC', end - MIN_WINDOW_LEFT_MS)).toEqual({
      action: 'retry_today',
    });
    expect(
      decideAfterFailure(failed(), policy(), 'UTC', end - MIN_WINDOW_LEFT_MS + MINUTE).action,
    ).toBe('next_day');
  });

  it('moves the stop to the same hours tomorrow when too little of the window is left', () => {
    expect(decideAfterFailure(failed(), policy(), 'UTC', at('2025-05-02T17:45:00Z'))).toEqual({
      action: 'next_day',
      windowStart: at('2025-05-03T14:00:00Z'),
      windowEnd: at('2025-05-03T18:00:00Z'),
    });
  });

  it('moves the stop to tomorrow when the policy never retries the same day', () => {
    const decision = decideAfterFailure(failed(), policy({ retrySameDay: false }), 'UTC', now);
    expect(decision.action).toBe('next_day');
  });

  it('sends the parcel back once the attempts are used up, whatever else the policy allows', () => {
    expect(decideAfterFailure(failed({ attempts: 3 }), policy(), 'UTC', now)).toEqual({
      action: 'return',
      cause: 'max_attempts',
    });
    expect(
      decideAfterFailure(failed({ attempts: 1 }), policy({ maxAttempts: 1 }), 'UTC', now),
    ).toMatchObject({ action: 'return', cause: 'max_attempts' });
  });

  it('sends a refused or damaged parcel back on the first attempt', () => {
    for (const reasonCode of ['refused', 'damaged'] as const) {
      expect(decideAfterFailure(failed({ reasonCode }), policy(), 'UTC', now)).toEqual({
        action: 'return',
        cause: reasonCode,
      });
    }
  });

  it('sends the parcel back when neither today nor tomorrow is allowed', () => {
    const late = at('2025-05-02T17:50:00Z');
    expect(decideAfterFailure(failed(), policy({ moveToNextDay: false }), 'UTC', late)).toEqual({
      action: 'return',
      cause: 'no_retry_left',
    });
  });

  it('follows the defaults: express goes back rather than wait for tomorrow', () => {
    const late = at('2025-05-02T17:50:00Z');
    const express = failed({ slaTier: 'express' });
    expect(decideAfterFailure(express, DEFAULT_ATTEMPT_POLICIES.express, 'UTC', late)).toEqual({
      action: 'return',
      cause: 'no_retry_left',
    });
    const nextDay = failed({ slaTier: 'next_day' });
    expect(decideAfterFailure(nextDay, DEFAULT_ATTEMPT_POLICIES.next_day, 'UTC', now).action).toBe(
      'next_day',
    );
  });
});

describe('the next day in the hub’s time zone', () => {
  it('is the hub’s tomorrow, not UTC’s, late in the evening west of Greenwich', () => {
    // 23:30 on 2 May in São Paulo is already 3 May in UTC.
    const now = at('2025-05-03T02:30:00Z');
    const window = {
      windowStart: at('2025-05-02T18:00:00-03:00'),
      windowEnd: at('2025-05-02T22:00:00-03:00'),
    };
    expect(nextDayWindow(window, 'America/Sao_Paulo', now)).toEqual({
      windowStart: at('2025-05-03T18:00:00-03:00'),
      windowEnd: at('2025-05-03T22:00:00-03:00'),
    });
    expect(nextDayWindow(window, 'UTC', now).windowStart).toBe(at('2025-05-04T21:00:00Z'));
  });

  it('is the hub’s tomorrow just after midnight east of Greenwich', () => {
    // 00:30 on 3 May in Tokyo is still 2 May in UTC: the window of the 2nd goes to the 4th.
    const now = at('2025-05-02T15:30:00Z');
    const window = {
      windowStart: at('2025-05-02T10:00:00+09:00'),
      windowEnd: at('2025-05-02T12:00:00+09:00'),
    };
    expect(nextDayWindow(window, 'Asia/Tokyo', now)).toEqual({
      windowStart: at('2025-05-04T10:00:00+09:00'),
      windowEnd: at('2025-05-04T12:00:00+09:00'),
    });
  });

  it('keeps a window across midnight whole', () => {
    const now = at('2025-05-02T23:30:00Z');
    const window = {
      windowStart: at('2025-05-02T22:00:00Z'),
      windowEnd: at('2025-05-03T01:00:00Z'),
    };
    expect(nextDayWindow(window, 'UTC', now)).toEqual({
      windowStart: at('2025-05-03T22:00:00Z'),
      windowEnd: at('2025-05-04T01:00:00Z'),
    });
  });

  it('keeps the local hours across a clock change', () => {
    // New York springs forward on 9 March 2025.
    const now = at('2025-03-08T20:00:00-05:00');
    const window = {
      windowStart: at('2025-03-08T09:00:00-05:00'),
      windowEnd: at('2025-03-08T11:30:15-05:00'),
    };
    expect(nextDayWindow(window, 'America/New_York', now)).toEqual({
      windowStart: at('2025-03-09T09:00:00-04:00'),
      windowEnd: at('2025-03-09T11:30:15-04:00'),
    });
  });

  it('moves a window already after tomorrow one day on', () => {
    const now = at('2025-05-02T12:00:00Z');
    const window = {
      windowStart: at('2025-05-05T09:00:00Z'),
      windowEnd: at('2025-05-05T10:00:00Z'),
    };
    expect(nextDayWindow(window, 'UTC', now)).toEqual({
      windowStart: at('2025-05-06T09:00:00Z'),
      windowEnd: at('2025-05-06T10:00:00Z'),
    });
  });
});
