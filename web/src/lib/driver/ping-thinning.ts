import { haversineMeters, type Ping } from '@dispatch/shared';

/** A position as the phone reports it (a `GeolocationPosition` in plain data). */
export interface Fix {
  /** Device time, epoch ms. */
  t: number;
  lat: number;
  lng: number;
  accuracyMeters?: number | null;
  speedMps?: number | null;
  headingDegrees?: number | null;
}

/** How often fixes are kept: often while moving, rarely while standing still. */
export interface ThinningRules {
  /** Least time between two kept fixes while moving, ms. */
  movingIntervalMs: number;
  /** Least time between two kept fixes while standing still, ms. */
  standingIntervalMs: number;
  /** A courier who moved less than this since the last kept fix is standing still, metres. */
  minMoveMeters: number;
}

export const THINNING: ThinningRules = {
  movingIntervalMs: 5_000,
  standingIntervalMs: 30_000,
  minMoveMeters: 10,
};

/**
 * When a fix becomes worth sending: a moving interval after the last kept fix if it moved at
 * least `minMoveMeters` from it, else a standing interval (a parked courier still says it is
 * alive), epoch ms.
 */
export function dueAt(last: Fix, next: Fix, rules: ThinningRules = THINNING): number {
  const movedMeters = haversineMeters(last.lat, last.lng, next.lat, next.lng);
  const intervalMs =
    movedMeters >= rules.minMoveMeters ? rules.movingIntervalMs : rules.standingIntervalMs;
  return last.t + intervalMs;
}

/**
 * Whether a new fix is worth sending now: about every 5 s while moving, every 30 s while standing
 * still, never a fix older than the last one kept.
 */
export function shouldKeep(last: Fix | null, next: Fix, rules: ThinningRules = THINNING): boolean {
  if (!last) return true;
  if (next.t <= last.t) return false;
  return next.t >= dueAt(last, next, rules);
}

/**
 * The sequence number of the next ping: one more than the last, and never below the current
 * second, so a phone paired again (or whose storage was cleared) still counts above every number
 * the courier's earlier phone used and its pings are not taken for resends.
 */
export function nextSeq(lastSeq: number, nowMs: number): number {
  return Math.max(lastSeq + 1, Math.floor(nowMs / 1000));
}

const finite = (v: number | null | undefined): v is number => typeof v === 'number' && isFinite(v);

/** A kept fix as the server takes it, values outside what it accepts left out. */
export function pingOf(fix: Fix, seq: number, batteryLevel?: number | null): Ping {
  const ping: Ping = { seq, t: Math.round(fix.t), lat: fix.lat, lng: fix.lng };
  if (finite(fix.accuracyMeters) && fix.accuracyMeters >= 0)
    ping.acc = Math.min(fix.accuracyMeters, 100_000);
  if (finite(fix.speedMps) && fix.speedMps >= 0 && fix.speedMps <= 150) ping.spd = fix.speedMps;
  if (finite(fix.headingDegrees) && fix.headingDegrees >= 0 && fix.headingDegrees < 360)
    ping.hdg = fix.headingDegrees;
  if (finite(batteryLevel) && batteryLevel >= 0 && batteryLevel <= 1) ping.bat = batteryLevel;
  return ping;
}
