import { haversineMeters } from '@dispatch/shared';
import type { MotionRules } from './config';
import type { LatLng, MotionFix } from './types';

/** A stretch of time spent inside one dwell radius; device times. */
export interface DwellSpan {
  since: number;
  /** Time of the latest fix inside the radius. */
  lastT: number;
  anchor: LatLng;
}

/** A courier's motion as judged from its fixes (device time throughout). */
export interface MotionState {
  state: 'moving' | 'dwelling';
  /** The current dwell; null while moving. */
  dwell: DwellSpan | null;
  /** Latest fix that counts for motion; null before any. */
  latestFix: MotionFix | null;
  /**
   * Where the courier is now: the median of the latest `positionFixes` accepted fixes, which a
   * stray fix or a short jump does not move; null before any fix.
   */
  position: LatLng | null;
  /** The dwell most recently left, if any. */
  endedDwell: DwellSpan | null;
}

/** Fixes close together, not yet left; it is a dwell once it spans long enough. */
interface Cluster {
  since: number;
  lastT: number;
  /** Fixes folded into the anchor so far (at most `anchorFixes`). */
  anchorCount: number;
  weightSum: number;
  anchorLat: number;
  anchorLng: number;
  /** Accepted fixes just before the cluster began, oldest first; dropped once it is dated. */
  lead: readonly MotionFix[];
}

/** The incremental state behind a `MotionState`: plain data, copied with `cloneMotionCore`. */
export interface MotionCore {
  /** Latest accepted fix: the reference for the jump test. */
  last: MotionFix | null;
  cluster: Cluster | null;
  /** Consecutive accepted fixes beyond the radius, not yet enough to leave. */
  outside: MotionFix[];
  ended: DwellSpan | null;
  /** The latest `lookbackFixes` accepted fixes, oldest first. */
  recent: MotionFix[];
}

export function emptyMotionCore(): MotionCore {
  return { last: null, cluster: null, outside: [], ended: null, recent: [] };
}

export function cloneMotionCore(core: MotionCore): MotionCore {
  return {
    last: core.last,
    cluster: core.cluster ? { ...core.cluster } : null,
    outside: [...core.outside],
    ended: core.ended,
    recent: [...core.recent],
  };
}

/**
 * The dwell radius around a fix: factor × its reported accuracy, kept between the minimum and
 * maximum radius. The bound above matters because the accuracy is only what the phone claims.
 */
export function dwellRadiusMeters(accuracyMeters: number | null, rules: MotionRules): number {
  const fromAccuracy = rules.dwellRadiusAccuracyFactor * (accuracyMeters ?? 0);
  return Math.min(rules.maxDwellRadiusMeters, Math.max(rules.minDwellRadiusMeters, fromAccuracy));
}

/** False for fixes too inaccurate (or malformed) to say anything about movement. */
export function isUsableFix(fix: MotionFix, rules: MotionRules): boolean {
  if (!Number.isFinite(fix.t) || !Number.isFinite(fix.lat) || !Number.isFinite(fix.lng)) {
    return false;
  }
  return fix.accuracyMeters === null || fix.accuracyMeters <= rules.maxAccuracyMeters;
}

/**
 * True when reaching `fix` from `previous` needs an implausible speed. Gaps under a second count
 * as a second: over such gaps GPS noise alone would imply absurd speeds.
 */
export function isImplausibleJump(
  previous: Pick<MotionFix, 't' | 'lat' | 'lng'>,
  fix: Pick<MotionFix, 't' | 'lat' | 'lng'>,
  rules: Pick<MotionRules, 'maxSpeedKmh'>,
): boolean {
  const seconds = Math.max(1, Math.abs(fix.t - previous.t) / 1000);
  const meters = haversineMeters(previous.lat, previous.lng, fix.lat, fix.lng);
  return (meters / seconds) * 3.6 > rules.maxSpeedKmh;
}

/** Folds one fix (the newest so far by device time) into `core`, in place. */
export function advanceMotion(core: MotionCore, fix: MotionFix, rules: MotionRules): void {
  if (!isUsableFix(fix, rules)) return;
  if (core.last && isImplausibleJump(core.last, fix, rules)) return;
  core.last = fix;
  place(core, fix, rules);
  core.recent.push(fix);
  if (core.recent.length > rules.lookbackFixes) core.recent.shift();
}

/** Motion judged from fixes sorted by device time. */
export function classifyMotion(fixes: readonly MotionFix[], rules: MotionRules): MotionState {
  const core = emptyMotionCore();
  for (const fix of fixes) advanceMotion(core, fix, rules);
  return motionStateOf(core, rules);
}

/** The public view of a core. */
export function motionStateOf(core: MotionCore, rules: MotionRules): MotionState {
  const c = core.cluster;
  const dwell = c && isDwell(c, rules) ? spanOf(c) : null;
  return {
    state: dwell ? 'dwelling' : 'moving',
    dwell,
    latestFix: core.last,
    position: medianPosition(core.recent.slice(-rules.positionFixes)),
    endedDwell: core.ended,
  };
}

/** Median latitude and median longitude, each on its own; null for no fixes. */
export function medianPosition(fixes: readonly MotionFix[]): LatLng | null {
  if (fixes.length === 0) return null;
  return { lat: median(fixes.map((f) => f.lat)), lng: median(fixes.map((f) => f.lng)) };
}

function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? values[mid]! : (values[mid - 1]! + values[mid]!) / 2;
}

function place(core: MotionCore, fix: MotionFix, rules: MotionRules): void {
  const c = core.cluster;
  if (!c) {
    core.cluster = startCluster(fix, [], rules);
    return;
  }
  const meters = haversineMeters(c.anchorLat, c.anchorLng, fix.lat, fix.lng);
  if (meters <= dwellRadiusMeters(fix.accuracyMeters, rules)) {
    // Back inside: the fixes seen outside were strays.
    core.outside.length = 0;
    joinCluster(c, fix, rules);
    return;
  }
  core.outside.push(fix);
  if (core.outside.length < rules.exitFixes) return;
  if (isDwell(c, rules)) core.ended = spanOf(c);
  const [first, ...rest] = core.outside;
  core.outside = [];
  const lead = core.recent.filter((f) => f.t < first!.t);
  core.cluster = startCluster(first!, lead, rules);
  for (const later of rest) place(core, later, rules);
}

function startCluster(fix: MotionFix, lead: readonly MotionFix[], rules: MotionRules): Cluster {
  const c: Cluster = {
    since: fix.t,
    lastT: fix.t,
    anchorCount: 0,
    weightSum: 0,
    anchorLat: fix.lat,
    anchorLng: fix.lng,
    lead,
  };
  foldIntoAnchor(c, fix, rules);
  return c;
}

function joinCluster(c: Cluster, fix: MotionFix, rules: MotionRules): void {
  c.lastT = fix.t;
  if (c.anchorCount < rules.anchorFixes) foldIntoAnchor(c, fix, rules);
  if (c.lead.length > 0 && isDwell(c, rules)) dateBack(c, rules);
}

/**
 * Once a cluster proves to be a dwell, it began with the earliest of the fixes just before it
 * that lie, unbroken, inside its radius: the cluster before it may have held them only because
 * its anchor sat a little short of where the courier stopped.
 */
function dateBack(c: Cluster, rules: MotionRules): void {
  for (let i = c.lead.length - 1; i >= 0; i--) {
    const fix = c.lead[i]!;
    const meters = haversineMeters(c.anchorLat, c.anchorLng, fix.lat, fix.lng);
    if (meters > dwellRadiusMeters(fix.accuracyMeters, rules)) break;
    c.since = fix.t;
  }
  c.lead = [];
}

/**
 * Accuracy-weighted running mean over the first fixes only: it settles on where the courier
 * stands (the fixes of the approach soon weigh little), and a mean that lags behind a slow
 * creep by half the distance, then stops following it, lets the creep leave the radius.
 */
function foldIntoAnchor(c: Cluster, fix: MotionFix, rules: MotionRules): void {
  const sigma = Math.max(
    1,
    fix.accuracyMeters ?? rules.minDwellRadiusMeters / rules.dwellRadiusAccuracyFactor,
  );
  const w = 1 / (sigma * sigma);
  const total = c.weightSum + w;
  c.anchorLat += ((fix.lat - c.anchorLat) * w) / total;
  c.anchorLng += ((fix.lng - c.anchorLng) * w) / total;
  c.weightSum = total;
  c.anchorCount++;
}

function isDwell(c: Cluster, rules: MotionRules): boolean {
  return c.lastT - c.since >= rules.dwellMinSeconds * 1000;
}

function spanOf(c: Cluster): DwellSpan {
  return { since: c.since, lastT: c.lastT, anchor: { lat: c.anchorLat, lng: c.anchorLng } };
}
