import { zonedIso, type FailureReason, type StopKind, type StopStatus } from '@dispatch/shared';
import type { CsvValue } from './csv-writer';

/** One stop of a hub's day, as the export reads it (epoch ms). */
export interface DayStop {
  id: number;
  orderRef: string | null;
  kind: StopKind;
  address: string;
  courierId: number | null;
  courierName: string | null;
  status: StopStatus;
  windowStart: number;
  windowEnd: number;
  eta: number | null;
  arrivedAt: number | null;
  completedAt: number | null;
  /** The latest failed attempt's note. */
  failureReason: string | null;
  /** The latest failed attempt's reason code. */
  failureCode: FailureReason | null;
  /** Visits completed, delivered or failed. */
  attempts: number;
  failedAttempts: number;
}

/**
 * How a stop's day ended, in the words of the export. A failed attempt planned again is `open`
 * (its failures are in its own columns); one whose parcel goes back to the hub is `returning`.
 */
export type StopOutcome = 'delivered' | 'failed' | 'open' | 'cancelled' | 'returning' | 'returned';

export function stopOutcome(status: StopStatus): StopOutcome {
  switch (status) {
    case 'delivered':
    case 'failed':
    case 'cancelled':
    case 'returning':
    case 'returned':
      return status;
    default:
      return 'open';
  }
}

/**
 * Minutes after the window's end: when it was completed (delivered, or failed, and maybe on its
 * way back to the hub), or, for a stop
 * still open, how far past the end it is at `now`; 0 when not late, null for cancelled and
 * returned stops.
 */
export function minutesLate(stop: DayStop, now: number): number | null {
  const outcome = stopOutcome(stop.status);
  if (outcome === 'cancelled' || outcome === 'returned') return null;
  const until = outcome === 'open' ? now : (stop.completedAt ?? now);
  return Math.max(0, Math.round((until - stop.windowEnd) / 60_000));
}

/** The export's columns, in order. */
export const DAY_EXPORT_HEADER = [
  'reference',
  'kind',
  'address',
  'courier',
  'window_start',
  'window_end',
  'eta',
  'arrived',
  'completed',
  'outcome',
  'minutes_late',
  'failure_reason',
  'attempts',
  'failure_code',
  'failed_attempts',
] as const;

/** One CSV row per stop, times in ISO 8601 with the hub's offset. */
export function dayExportRows(
  stops: readonly DayStop[],
  timeZone: string,
  now: number,
): CsvValue[][] {
  const time = (ms: number | null) => (ms === null ? null : zonedIso(ms, timeZone));
  return stops.map((s) => [
    s.orderRef,
    s.kind,
    s.address,
    s.courierName,
    time(s.windowStart),
    time(s.windowEnd),
    stopOutcome(s.status) === 'open' ? time(s.eta) : null,
    time(s.arrivedAt),
    time(s.completedAt),
    stopOutcome(s.status),
    minutesLate(s, now),
    s.failureReason,
    s.attempts,
    s.failureCode,
    s.failedAttempts,
  ]);
}
