import type { ReplayFix } from '@dispatch/shared';

/** A position at a moment, and how old the fix behind it is. */
export interface PositionAt {
  lat: number;
  lng: number;
  /** Milliseconds since the last fix at or before the moment. */
  ageMs: number;
}

/** Index of the last fix at or before `t` (fixes in time order), or -1. */
export function fixIndexAt(fixes: readonly ReplayFix[], t: number): number {
  let lo = 0;
  let hi = fixes.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (fixes[mid]!.t <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/**
 * Where the courier was at `t`: on the straight line between the fixes around it, or at the
 * last fix when the next one is more than `maxGapMs` away (a gap is not a journey). Null before
 * its first fix, or when the last one is older than `maxGapMs`.
 */
export function positionAt(
  fixes: readonly ReplayFix[],
  t: number,
  maxGapMs: number,
): PositionAt | null {
  const i = fixIndexAt(fixes, t);
  if (i < 0) return null;
  const a = fixes[i]!;
  const b = fixes[i + 1];
  if (b && b.t - a.t <= maxGapMs && b.t > a.t) {
    const f = (t - a.t) / (b.t - a.t);
    return { lat: a.lat + (b.lat - a.lat) * f, lng: a.lng + (b.lng - a.lng) * f, ageMs: t - a.t };
  }
  if (t - a.t > maxGapMs) return null;
  return { lat: a.lat, lng: a.lng, ageMs: t - a.t };
}

/** The courier's path over the `windowMs` before `t`, ending where it is at `t`, as [lng, lat]. */
export function trailAt(
  fixes: readonly ReplayFix[],
  t: number,
  windowMs: number,
  maxGapMs: number,
): [number, number][] {
  const end = fixIndexAt(fixes, t);
  if (end < 0) return [];
  const start = Math.max(0, fixIndexAt(fixes, t - windowMs) + 1);
  const path: [number, number][] = [];
  for (let i = start; i <= end; i++) path.push([fixes[i]!.lng, fixes[i]!.lat]);
  const here = positionAt(fixes, t, maxGapMs);
  if (here && here.ageMs > 0) path.push([here.lng, here.lat]);
  return path;
}
