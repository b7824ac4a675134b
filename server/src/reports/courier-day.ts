import { OPEN_STOP_STATUSES, haversineMeters, type StopStatus } from '@dispatch/shared';

/** A stored GPS fix, device time in epoch ms. */
export interface DayFix {
  t: number;
  lat: number;
  lng: number;
  accuracyMeters: number | null;
}

/** What the courier figures need of one of its stops of the day (epoch ms). */
export interface CourierStop {
  status: StopStatus;
  windowEnd: number;
  arrivedAt: number | null;
  completedAt: number | null;
}

/** A failed attempt at a stop, by the courier who made it (a `stop_proofs` row). */
export interface FailedAttempt {
  stopId: number;
  courierId: number;
}

/** A span of time `[start, end)` in epoch ms. */
export interface Span {
  start: number;
  end: number;
}

/** Fixes this far off say nothing about where the courier was (as in detection). */
export const MAX_ACCURACY_M = 100;
/** Faster than this between two fixes is a GPS jump, not driving (200 km/h). */
export const MAX_SPEED_MPS = 200 / 3.6;
/** Standing still: the fixes stay within this distance of where the stop began… */
export const STILL_RADIUS_M = 30;
/** …for at least this long. */
export const STILL_MIN_MS = 2 * 60_000;

const plausible = (a: DayFix, b: DayFix) =>
  haversineMeters(a.lat, a.lng, b.lat, b.lng) / Math.max(1, (b.t - a.t) / 1000) <= MAX_SPEED_MPS;

/**
 * The day's track with what cannot be trusted left out: fixes worse than 100 m, and jumps (a fix
 * reached faster than 200 km/h). Two fixes in a row that agree with each other but not with the
 * track before mean the earlier fix was the jump: the track goes on from them.
 */
export function plausibleTrack(fixes: readonly DayFix[]): { fix: DayFix; joined: boolean }[] {
  const sorted = fixes
    .filter((f) => f.accuracyMeters === null || f.accuracyMeters <= MAX_ACCURACY_M)
    .sort((a, b) => a.t - b.t);
  const track: { fix: DayFix; joined: boolean }[] = [];
  let pending: DayFix | null = null;
  for (const fix of sorted) {
    const prev = track.at(-1)?.fix;
    if (!prev || plausible(prev, fix)) {
      track.push({ fix, joined: prev !== undefined });
      pending = null;
    } else if (pending && plausible(pending, fix)) {
      // The fix before `pending` was the jump: restart from `pending` without the leap to it.
      track.push({ fix: pending, joined: false }, { fix, joined: true });
      pending = null;
    } else pending = fix;
  }
  return track;
}

/** Kilometres driven: the sum of straight lines between consecutive trusted fixes. */
export function kmDriven(fixes: readonly DayFix[]): number {
  let meters = 0;
  const track = plausibleTrack(fixes);
  for (let i = 1; i < track.length; i++) {
    if (!track[i]!.joined) continue;
    const a = track[i - 1]!.fix;
    const b = track[i]!.fix;
    meters += haversineMeters(a.lat, a.lng, b.lat, b.lng);
  }
  return meters / 1000;
}

/** Spans of at least 2 minutes in which the trusted fixes stay within 30 m of the first one. */
export function stillSpans(fixes: readonly DayFix[]): Span[] {
  const spans: Span[] = [];
  let anchor: DayFix | null = null;
  let last = 0;
  const close = () => {
    if (anchor && last - anchor.t >= STILL_MIN_MS) spans.push({ start: anchor.t, end: last });
  };
  for (const { fix } of plausibleTrack(fixes)) {
    if (anchor && haversineMeters(anchor.lat, anchor.lng, fix.lat, fix.lng) <= STILL_RADIUS_M) {
      last = fix.t;
      continue;
    }
    close();
    anchor = fix;
    last = fix.t;
  }
  close();
  return spans;
}

/** What is left of `spans` inside `window` once every span of `cuts` is taken out. */
export function spansWithin(spans: readonly Span[], window: Span, cuts: readonly Span[]): Span[] {
  let pieces = spans
    .map((s) => ({ start: Math.max(s.start, window.start), end: Math.min(s.end, window.end) }))
    .filter((s) => s.end > s.start);
  for (const cut of cuts) {
    pieces = pieces.flatMap((p) => {
      if (cut.end <= p.start || cut.start >= p.end) return [p];
      const out: Span[] = [];
      if (cut.start > p.start) out.push({ start: p.start, end: cut.start });
      if (cut.end < p.end) out.push({ start: cut.end, end: p.end });
      return out;
    });
  }
  return pieces;
}

const isOpen = (s: CourierStop) => OPEN_STOP_STATUSES.includes(s.status);

/**
 * Idle minutes: time on shift standing still (within 30 m for 2 minutes or more) while the
 * courier still had stops of the day to do, not counting time at a stop (from its arrival to its
 * delivery or failure). Stops are taken as on the route from the start of the day.
 */
export function idleMinutes(input: {
  fixes: readonly DayFix[];
  shift: Span;
  stops: readonly CourierStop[];
}): number {
  const { fixes, shift, stops } = input;
  let openUntil = -Infinity;
  for (const s of stops) {
    if (isOpen(s)) openUntil = Infinity;
    else if (s.completedAt !== null) openUntil = Math.max(openUntil, s.completedAt);
  }
  if (openUntil === -Infinity) return 0;
  const atStops = stops.flatMap((s) =>
    s.arrivedAt === null
      ? []
      : [{ start: s.arrivedAt, end: s.completedAt ?? (isOpen(s) ? Infinity : s.arrivedAt) }],
  );
  const window = { start: shift.start, end: Math.min(shift.end, openUntil) };
  const idleMs = spansWithin(stillSpans(fixes), window, atStops).reduce(
    (sum, s) => sum + (s.end - s.start),
    0,
  );
  return idleMs / 60_000;
}

/**
 * A courier's counts for the day from the stops on its route and the failed attempts it made
 * (`failedStopIds`, one entry per attempt): a stop it failed that was then planned again or
 * delivered by someone else still counts as its failure. `stops` counts both kinds of stop once;
 * `done` is deliveries plus failed attempts.
 */
export function stopCounts(
  stops: readonly (CourierStop & { id: number })[],
  failedStopIds: readonly number[],
) {
  let delivered = 0;
  let onTime = 0;
  for (const s of stops) {
    if (s.status !== 'delivered') continue;
    delivered++;
    if (s.completedAt !== null && s.completedAt <= s.windowEnd) onTime++;
  }
  const failed = failedStopIds.length;
  return {
    stops: new Set([...stops.map((s) => s.id), ...failedStopIds]).size,
    done: delivered + failed,
    delivered,
    failed,
    onTime,
    onTimeShare: delivered > 0 ? onTime / delivered : null,
  };
}

const DAY_MINUTES = 1440;

/**
 * A courier's shift on a local day from its start and end minutes (an overnight shift runs into
 * the next day); the whole day for a shift of 0 to 1440.
 */
export function shiftOnDay(
  day: Span,
  startMinute: number,
  endMinute: number,
  localStart: (minute: number) => number,
): Span {
  if (startMinute <= 0 && endMinute >= DAY_MINUTES) return { ...day };
  const length = (endMinute - startMinute + DAY_MINUTES) % DAY_MINUTES || DAY_MINUTES;
  const start = localStart(startMinute);
  return { start, end: start + length * 60_000 };
}
