import { haversineMeters, type RouteStop, type StopStatus } from '@dispatch/shared';
import type { Translate } from '../i18n/translate';

/** How a stop stands against its promised window. */
export type SlaState = 'on_time' | 'at_risk' | 'late' | 'done' | 'failed';

/** An arrival this close to the window end (or closer) puts the stop at risk. */
export const AT_RISK_MINUTES = 10;

/** Straight-line distance × this ≈ distance along streets, for the naive estimate. */
export const NAIVE_CIRCUITY = 1.3;

const MINUTE_MS = 60_000;
const DONE: ReadonlySet<StopStatus> = new Set(['delivered']);
const FAILED: ReadonlySet<StopStatus> = new Set(['failed', 'cancelled', 'returned']);

export function isClosedStatus(status: StopStatus): boolean {
  return DONE.has(status) || FAILED.has(status);
}

export interface SlaVerdict {
  state: SlaState;
  /** Minutes after the window end (negative: minutes to spare); null when not applicable. */
  minutesLate: number | null;
}

/**
 * A stop's SLA state from its status, its window end and its arrival time (server ETA or an
 * estimate). A stop not done by its window end is late whatever its ETA says.
 */
export function slaVerdict(
  stop: { status: StopStatus; windowEnd: number },
  arrival: number | null,
  now: number,
): SlaVerdict {
  if (DONE.has(stop.status)) return { state: 'done', minutesLate: null };
  if (FAILED.has(stop.status)) return { state: 'failed', minutesLate: null };
  const expected = arrival === null ? now : Math.max(arrival, now);
  const minutesLate = Math.round((expected - stop.windowEnd) / MINUTE_MS);
  if (expected > stop.windowEnd) return { state: 'late', minutesLate: Math.max(1, minutesLate) };
  if (stop.windowEnd - expected <= AT_RISK_MINUTES * MINUTE_MS) {
    return { state: 'at_risk', minutesLate: arrival === null ? null : minutesLate };
  }
  return { state: 'on_time', minutesLate: arrival === null ? null : minutesLate };
}

export interface ChainOptions {
  now: number;
  /** Where the courier is; without it, stops lacking a server ETA get no estimate. */
  origin: { lat: number; lng: number } | null;
  speedMps: number;
  circuity?: number;
}

/**
 * Arrival time at each stop of a route in sequence order: the server's ETA where it has one, else
 * a naive chain from the courier's position (distance × circuity / speed), adding each stop's
 * service time and waiting when early for a window start. Closed stops get null.
 */
export function chainArrivals(
  stops: readonly RouteStop[],
  options: ChainOptions,
): (number | null)[] {
  const circuity = options.circuity ?? NAIVE_CIRCUITY;
  const speed = Math.max(0.1, options.speedMps);
  let clock: number | null = options.now;
  let position = options.origin;
  return stops.map((stop) => {
    if (isClosedStatus(stop.status)) return null;
    let arrival: number | null;
    if (stop.status === 'arrived') arrival = stop.eta ?? options.now;
    else if (stop.eta !== null) arrival = stop.eta;
    else if (position && clock !== null) {
      const meters = haversineMeters(position.lat, position.lng, stop.lat, stop.lng) * circuity;
      arrival = clock + (meters / speed) * 1000;
    } else arrival = null;
    clock =
      arrival === null ? null : Math.max(arrival, stop.windowStart) + stop.serviceSeconds * 1000;
    position = { lat: stop.lat, lng: stop.lng };
    return arrival;
  });
}

/** One line of a courier's route timeline. */
export interface TimelineEntry extends SlaVerdict {
  stop: RouteStop;
  arrival: number | null;
  /** The arrival is the console's own estimate, not the server's ETA. */
  estimated: boolean;
}

/** A route's stops in sequence with their arrival and SLA verdict. */
export function routeTimeline(stops: readonly RouteStop[], options: ChainOptions): TimelineEntry[] {
  const ordered = [...stops].sort((a, b) => a.seq - b.seq);
  const arrivals = chainArrivals(ordered, options);
  return ordered.map((stop, i) => {
    const arrival = arrivals[i] ?? null;
    return {
      stop,
      arrival,
      estimated: arrival !== null && stop.eta === null && stop.status !== 'arrived',
      ...slaVerdict(stop, arrival, options.now),
    };
  });
}

/**
 * How an entry stands, in the words a dispatcher uses: minutes late; a wait when the courier gets
 * there before the window opens (arriving 250 min before the window ends says little when the
 * courier will stand 69 min at the door); else the minutes to spare. Empty without an arrival.
 */
export function timelineNote(entry: TimelineEntry, t: Translate): string {
  if (entry.minutesLate === null) return '';
  if (entry.minutesLate > 0) return t('fleet.timeline.minutesLate', { minutes: entry.minutesLate });
  const wait =
    entry.arrival === null ? 0 : Math.round((entry.stop.windowStart - entry.arrival) / MINUTE_MS);
  if (wait > 0) return t('fleet.timeline.waits', { minutes: wait });
  if (entry.minutesLate < 0) return t('fleet.timeline.toSpare', { minutes: -entry.minutesLate });
  return t('fleet.timeline.atWindowEnd');
}
