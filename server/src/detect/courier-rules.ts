import { haversineMeters } from '@dispatch/shared';
import type { CourierRules } from './config';
import { earlierFuture } from './deadlines';
import type { MotionState } from './motion';
import type { ShiftWindow } from '../fleet/shift-window';
import type { DetectStop, Finding, OfflineDetails, StalledDetails } from './types';

const MINUTE_MS = 60_000;

/** A courier's open work, as the stall rule reads it. */
export interface RouteView {
  /** Open stops in route order. */
  stops: readonly DetectStop[];
  /**
   * Device time from which dwelling counts towards a stall: when the courier last finished
   * serving a stop or got work after having none. Null when neither happened yet.
   */
  stallClockFromT: number | null;
}

/**
 * Stalled: has open stops, is serving none (no stop `arrived`), dwells farther than the near-stop
 * distance from its next stop, and has dwelt at least the stall time (device time).
 *
 * `open` is the stall already alerted for this courier, if any. It goes on, from where it began,
 * while the courier's position (the median of the latest fixes) is within the hold distance of
 * its anchor, even when the fixes have left the dwell radius: a phone standing still drifts tens
 * of metres over minutes, and a courier who has not gone anywhere is still stalled (one alert, not
 * one per wander). It ends when that position is beyond the hold distance, the courier arrives at
 * a stop, or gets new work.
 */
export function stallDetector(
  motion: MotionState,
  route: RouteView,
  rules: CourierRules,
  open: StalledDetails | null = null,
): Extract<Finding, { kind: 'stalled' }> | null {
  const fresh = freshStall(motion, route, rules);
  if (!open || (fresh && fresh.details.from <= open.from)) return fresh;
  return continuedStall(open, motion, route, rules) ?? fresh;
}

function freshStall(
  motion: MotionState,
  route: RouteView,
  rules: CourierRules,
): Extract<Finding, { kind: 'stalled' }> | null {
  const dwell = motion.dwell;
  const next = route.stops[0];
  if (!dwell || !next) return null;
  if (route.stops.some((s) => s.status === 'arrived')) return null;
  const { anchor } = dwell;
  if (haversineMeters(anchor.lat, anchor.lng, next.lat, next.lng) <= rules.nearStopMeters) {
    return null;
  }
  const from = Math.max(dwell.since, route.stallClockFromT ?? -Infinity);
  return stallFinding(from, dwell.lastT, anchor, rules);
}

/** The open stall carried on, or null when the courier has left it or it no longer applies. */
function continuedStall(
  open: StalledDetails,
  motion: MotionState,
  route: RouteView,
  rules: CourierRules,
): Extract<Finding, { kind: 'stalled' }> | null {
  const next = route.stops[0];
  const position = motion.position;
  if (!next || !position || route.stops.some((s) => s.status === 'arrived')) return null;
  if ((route.stallClockFromT ?? -Infinity) > open.from) return null;
  const { anchor } = open;
  if (haversineMeters(anchor.lat, anchor.lng, next.lat, next.lng) <= rules.nearStopMeters) {
    return null;
  }
  // Judged on the median of the latest fixes, not the latest alone: one fix in the tail of the
  // phone's error (or a short jump) must not end a stall that the next fixes carry on.
  const away = haversineMeters(anchor.lat, anchor.lng, position.lat, position.lng);
  if (away > rules.stallHoldMeters) return null;
  // Only a dwell near the anchor moves the stall's end on: fixes wandering outside may be the
  // courier setting off, and a resolve should not claim them.
  const dwell = motion.dwell;
  const near =
    dwell &&
    haversineMeters(anchor.lat, anchor.lng, dwell.anchor.lat, dwell.anchor.lng) <=
      rules.stallHoldMeters;
  return stallFinding(open.from, Math.max(open.to, near ? dwell.lastT : open.to), anchor, rules);
}

function stallFinding(
  from: number,
  to: number,
  anchor: StalledDetails['anchor'],
  rules: CourierRules,
): Extract<Finding, { kind: 'stalled' }> | null {
  const minutes = (to - from) / MINUTE_MS;
  if (minutes < rules.stallMinutes) return null;
  return {
    kind: 'stalled',
    severity: minutes >= rules.stallCriticalMinutes ? 'critical' : 'warning',
    details: { from, to, anchor, minutes: Math.floor(minutes) },
  };
}

/**
 * The details a stall alert closes with: extended to the last fix of the dwell it was about,
 * which may have come in the same batch as the fixes that left it.
 */
export function finalStallDetails(open: StalledDetails, motion: MotionState): StalledDetails {
  const candidates = [motion.dwell, motion.endedDwell];
  for (const span of candidates) {
    if (span && span.since <= open.from && span.lastT > open.to) {
      const minutes = Math.floor((span.lastT - open.from) / MINUTE_MS);
      return { ...open, to: span.lastT, minutes };
    }
  }
  return open;
}

/** What the offline rule needs to know about a courier; times are server time, epoch ms. */
export interface PresenceView {
  shift: ShiftWindow | null;
  openStopCount: number;
  lastReceivedAt: number | null;
  /** When the engine began watching the courier: the silence counts from it when no ping came. */
  watchedSince: number;
  lastFixT: number | null;
}

/** Whether `now` is inside the shift (no shift window: always). */
export function onShift(shift: ShiftWindow | null, now: number): boolean {
  return !shift || (now >= shift.startMs && now < shift.endMs);
}

/** Server time the current silence is counted from; a shift start gives a fresh grace period. */
export function silentSince(presence: PresenceView): number {
  const last = presence.lastReceivedAt ?? presence.watchedSince;
  return Math.max(last, presence.shift?.startMs ?? -Infinity);
}

/** Offline: on shift, with open stops, and no ping received for the offline time (server clock). */
export function offlineDetector(
  presence: PresenceView,
  now: number,
  rules: CourierRules,
): Extract<Finding, { kind: 'offline' }> | null {
  if (presence.openStopCount === 0 || !onShift(presence.shift, now)) return null;
  const since = silentSince(presence);
  const silentMs = now - since;
  if (silentMs < rules.offlineSeconds * 1000) return null;
  const details: OfflineDetails = {
    lastReceivedAt: presence.lastReceivedAt,
    silentSince: since,
    lastFixT: presence.lastFixT,
  };
  const critical = silentMs >= rules.offlineCriticalSeconds * 1000;
  return { kind: 'offline', severity: critical ? 'critical' : 'warning', details };
}

/** The next server time at which the offline verdict can change with no new input; Infinity if none. */
export function offlineWakeAt(presence: PresenceView, now: number, rules: CourierRules): number {
  const since = silentSince(presence);
  let next = earlierFuture(Infinity, since + rules.offlineSeconds * 1000, now);
  next = earlierFuture(next, since + rules.offlineCriticalSeconds * 1000, now);
  if (presence.shift) {
    next = earlierFuture(next, presence.shift.startMs, now);
    next = earlierFuture(next, presence.shift.endMs, now);
  }
  return next;
}
