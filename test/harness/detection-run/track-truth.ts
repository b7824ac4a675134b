import { haversineMeters } from '@dispatch/shared';

/** A recorded position at its recorded time. */
export interface TimedPosition {
  lat: number;
  lng: number;
  timeMs: number;
}

/** Where the device truly was at one instant of a replay, as the phone model takes it. */
export interface TruthSample {
  atMs: number;
  lat: number;
  lng: number;
  speedMps: number;
  headingDeg: number;
  /** Inside a recording gap: the device had no fix there, so the replay gives none. */
  covered: boolean;
}

/** A span of device time, epoch ms. */
export interface Span {
  from: number;
  to: number;
}

export interface ResampleOptions {
  intervalMs: number;
  /** Recorded points further apart than this are a gap: the device had no fix in between. */
  maxGapMs: number;
}

/**
 * A track as truth at a steady fix interval: positions interpolated linearly between recorded
 * points, speed and heading from the recorded leg each instant falls in.
 */
export function resampleTrack(
  points: readonly TimedPosition[],
  { intervalMs, maxGapMs }: ResampleOptions,
): TruthSample[] {
  if (points.length === 0) return [];
  const samples: TruthSample[] = [];
  const first = points[0]!;
  const last = points[points.length - 1]!;
  let leg = 0;
  for (let at = first.timeMs; at <= last.timeMs; at += intervalMs) {
    while (leg < points.length - 2 && points[leg + 1]!.timeMs <= at) leg++;
    const a = points[leg]!;
    const b = points[Math.min(leg + 1, points.length - 1)]!;
    const spanMs = b.timeMs - a.timeMs;
    const share = spanMs > 0 ? Math.min(1, (at - a.timeMs) / spanMs) : 0;
    const meters = haversineMeters(a.lat, a.lng, b.lat, b.lng);
    samples.push({
      atMs: at,
      lat: a.lat + (b.lat - a.lat) * share,
      lng: a.lng + (b.lng - a.lng) * share,
      speedMps: spanMs > 0 ? meters / (spanMs / 1000) : 0,
      headingDeg: bearingDeg(a, b),
      covered: spanMs > maxGapMs && at > a.timeMs && at < b.timeMs,
    });
  }
  return samples;
}

/**
 * Spells where every position of the truth lies within `radiusMeters` of the spell's mean
 * position for at least `minMs`: the standstills a stall alert may rightly report. A slow creep
 * ends the spell once it has gone about twice the radius.
 */
export function trueStandstills(
  samples: readonly TruthSample[],
  { radiusMeters, minMs }: { radiusMeters: number; minMs: number },
): Span[] {
  const spans: Span[] = [];
  let i = 0;
  while (i < samples.length) {
    const j = spellEnd(samples, i, radiusMeters);
    if (samples[j]!.atMs - samples[i]!.atMs >= minMs) {
      spans.push({ from: samples[i]!.atMs, to: samples[j]!.atMs });
      i = j + 1;
    } else {
      i++;
    }
  }
  return spans;
}

/** Index of the last sample of the longest spell from `start` that stays within the radius. */
function spellEnd(samples: readonly TruthSample[], start: number, radiusMeters: number): number {
  let sumLat = samples[start]!.lat;
  let sumLng = samples[start]!.lng;
  let end = start;
  while (end + 1 < samples.length) {
    const count = end - start + 2;
    const meanLat = (sumLat + samples[end + 1]!.lat) / count;
    const meanLng = (sumLng + samples[end + 1]!.lng) / count;
    let inside = true;
    for (let k = start; k <= end + 1 && inside; k++) {
      inside = haversineMeters(meanLat, meanLng, samples[k]!.lat, samples[k]!.lng) <= radiusMeters;
    }
    if (!inside) break;
    sumLat += samples[end + 1]!.lat;
    sumLng += samples[end + 1]!.lng;
    end++;
  }
  return end;
}

/** Time spent between recorded points at `minSpeedMps` or more: the hours of driving. */
export function movingMs(points: readonly TimedPosition[], minSpeedMps = 0.5): number {
  let total = 0;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const ms = b.timeMs - a.timeMs;
    if (ms <= 0) continue;
    const speed = haversineMeters(a.lat, a.lng, b.lat, b.lng) / (ms / 1000);
    if (speed >= minSpeedMps) total += ms;
  }
  return total;
}

function bearingDeg(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  const east = (b.lng - a.lng) * Math.cos((((a.lat + b.lat) / 2) * Math.PI) / 180);
  const north = b.lat - a.lat;
  return ((Math.atan2(east, north) * 180) / Math.PI + 360) % 360;
}
