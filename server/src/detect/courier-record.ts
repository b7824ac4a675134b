import { OPEN_STOP_STATUSES, type Vehicle } from '@dispatch/shared';
import type { CourierRules } from './config';
import type { CourierSnapshot } from './courier-evaluation';
import { MotionTracker } from './motion-tracker';
import type { ArrivalEstimator, DetectCourier, DetectStop } from './types';

/** Everything the engine keeps about one courier. */
export interface CourierRecord extends CourierSnapshot {
  /** Index into the engine's dense arrays and wake queue. */
  slot: number;
  vehicle: Vehicle;
  tracker: MotionTracker;
  stops: DetectStop[];
  arrivals: number[] | null;
  /** The route changed since the stop rules last ran. */
  routeChanged: boolean;
  /** The route changed since arrivals were predicted. */
  arrivalsStale: boolean;
  /** Server time from which new fixes alone refresh the predictions. */
  refreshDueAt: number;
  /** When the stop rules next need a look with no new input; Infinity when never. */
  stopsWakeAt: number;
  /** Keys of the open courier conditions (stalled, offline) and stop conditions it judges. */
  courierKeys: ReadonlySet<string>;
  stopKeys: ReadonlySet<string>;
  dirty: boolean;
  /** A deadline fell due (rather than new input): predictions are refreshed. */
  woken: boolean;
}

/** Shared by every record holding no condition (replaced, never mutated). */
export const NO_KEYS: ReadonlySet<string> = new Set();

export function createCourierRecord(
  input: DetectCourier,
  slot: number,
  rules: CourierRules,
): CourierRecord {
  const tracker = new MotionTracker(rules);
  return {
    slot,
    id: input.id,
    vehicle: input.vehicle,
    shift: input.shift,
    rules,
    tracker,
    motion: tracker.state,
    lastReceivedAt: input.lastReceivedAt ?? null,
    watchedSince: null,
    stops: [],
    stallClockFromT: null,
    arrivals: null,
    arrivalsAt: 0,
    routeChanged: true,
    arrivalsStale: true,
    refreshDueAt: 0,
    stopsWakeAt: Infinity,
    courierKeys: NO_KEYS,
    stopKeys: NO_KEYS,
    dirty: false,
    woken: false,
  };
}

/** Notes a ping received at server time `receivedAt` (never moving back). */
export function noteReceived(record: CourierRecord, receivedAt: number): void {
  if (record.lastReceivedAt === null || receivedAt > record.lastReceivedAt) {
    record.lastReceivedAt = receivedAt;
  }
}

/** Replaces the open stops; restarts the stall clock when a service ended or work arrived. */
export function replaceRoute(record: CourierRecord, stops: readonly DetectStop[]): void {
  const open = stops.filter((s) => OPEN_STOP_STATUSES.includes(s.status));
  const stillServing = new Set(open.filter((s) => s.status === 'arrived').map((s) => s.id));
  const finishedService = record.stops.some(
    (s) => s.status === 'arrived' && !stillServing.has(s.id),
  );
  const gotWork = record.stops.length === 0 && open.length > 0;
  if (finishedService || gotWork) {
    // Time spent serving a stop, or waiting for work, is not stalling.
    record.stallClockFromT = record.tracker.state.latestFix?.t ?? record.stallClockFromT;
  }
  record.stops = open;
  record.routeChanged = true;
  record.arrivalsStale = true;
}

/**
 * Predicts arrivals again when the route changed, they are older than `refreshMs`, or a deadline
 * woke the courier; returns whether it did.
 */
export function refreshArrivals(
  record: CourierRecord,
  now: number,
  estimate: ArrivalEstimator | null,
  refreshMs: number,
): boolean {
  if (!estimate || record.stops.length === 0) {
    record.arrivals = null;
    return false;
  }
  const fresh = now < record.refreshDueAt;
  const fix = record.tracker.state.latestFix;
  // Predictions made before the courier's first fix are no predictions: its first fix asks again.
  const blind = fix !== null && record.arrivals !== null && Number.isNaN(record.arrivals[0]);
  if (record.arrivals && !record.arrivalsStale && !record.woken && fresh && !blind) return false;
  record.arrivals = estimate({
    position: fix ? { lat: fix.lat, lng: fix.lng } : null,
    at: now,
    vehicle: record.vehicle,
    stops: record.stops,
  });
  // The first refresh comes early by a share of the interval fixed per courier, so a fleet
  // that started together does not re-estimate all at once every interval afterwards.
  const stagger = record.arrivalsAt === 0 ? (record.id * 7919) % refreshMs : 0;
  record.refreshDueAt = now + refreshMs - stagger;
  record.arrivalsAt = now;
  record.arrivalsStale = false;
  return true;
}
