import { DEFAULT_DETECTION_CONFIG } from '../../server/src/detect/config';
import type { DwellSpan, MotionState } from '../../server/src/detect/motion';
import type { DetectStop, LatLng, MotionFix } from '../../server/src/detect/types';

/** Fixtures for the detection tests: positions as metres from a fixed origin, times as seconds from T0. */
export const ORIGIN: LatLng = { lat: -20.46, lng: -54.6 };
export const T0 = Date.UTC(2025, 0, 15, 12);
export const RULES = DEFAULT_DETECTION_CONFIG.courier;

const METERS_PER_DEG_LAT = 111_320;

/** The point `north`/`east` metres from the origin. */
export function northEastOf(north: number, east: number): LatLng {
  return {
    lat: ORIGIN.lat + north / METERS_PER_DEG_LAT,
    lng: ORIGIN.lng + east / (METERS_PER_DEG_LAT * Math.cos((ORIGIN.lat * Math.PI) / 180)),
  };
}

/** A fix `seconds` after T0 at `north`/`east` metres from the origin. */
export function fixAt(
  seconds: number,
  north = 0,
  east = 0,
  accuracyMeters: number | null = 5,
): MotionFix {
  return { t: T0 + seconds * 1000, ...northEastOf(north, east), accuracyMeters };
}

/** One fix a second from `fromS` to `toS` (inclusive) with a deterministic wobble of up to `wobble` metres. */
export function jitterFixes(
  fromS: number,
  toS: number,
  wobble = 8,
  north = 0,
  east = 0,
): MotionFix[] {
  const fixes: MotionFix[] = [];
  for (let s = fromS; s <= toS; s++) {
    fixes.push(fixAt(s, north + wobble * Math.sin(s * 1.7), east + wobble * Math.cos(s * 2.3)));
  }
  return fixes;
}

/** A straight drive north at `speedMps`, one fix a second. */
export function driveFixes(
  fromS: number,
  toS: number,
  speedMps: number,
  startNorth = 0,
): MotionFix[] {
  const fixes: MotionFix[] = [];
  for (let s = fromS; s <= toS; s++) fixes.push(fixAt(s, startNorth + speedMps * (s - fromS)));
  return fixes;
}

export function makeDetectStop(overrides: Partial<DetectStop> = {}): DetectStop {
  const where = northEastOf(2000, 0);
  return {
    id: 1,
    status: 'assigned',
    lat: where.lat,
    lng: where.lng,
    windowEnd: T0 + 3_600_000,
    serviceSeconds: 120,
    arrivedAt: null,
    slaTier: 'same_day',
    ...overrides,
  };
}

/** A motion state dwelling at `anchor` from `sinceS` to `lastS` seconds after T0. */
export function dwellingState(
  sinceS: number,
  lastS: number,
  anchor = northEastOf(0, 0),
): MotionState {
  const dwell: DwellSpan = { since: T0 + sinceS * 1000, lastT: T0 + lastS * 1000, anchor };
  return {
    state: 'dwelling',
    dwell,
    latestFix: { t: dwell.lastT, ...anchor, accuracyMeters: 5 },
    position: anchor,
    endedDwell: null,
  };
}
