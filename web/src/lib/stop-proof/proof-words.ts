import { zonedDate, zonedDayBounds, type FailureReason } from '@dispatch/shared';

/** The message key of each failure reason, in words a dispatcher reads. */
export const FAILURE_REASON_KEYS: Record<FailureReason, string> = {
  not_home: 'proof.reason.notHome',
  refused: 'proof.reason.refused',
  wrong_address: 'proof.reason.wrongAddress',
  no_access: 'proof.reason.noAccess',
  damaged: 'proof.reason.damaged',
  unsafe: 'proof.reason.unsafe',
  other: 'proof.reason.other',
};

/** Beyond this many metres from its stop a completion is flagged (as the server does). */
export const FAR_FROM_STOP_METERS = 300;

/** Metres as a dispatcher reads them: `80 m`, `1.2 km`. */
export function distanceLabel(meters: number, locale?: string): string {
  if (meters < 1000) return `${new Intl.NumberFormat(locale).format(Math.round(meters))} m`;
  const km = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(meters / 1000);
  return `${km} km`;
}

/** A coordinate pair to five decimals (about a metre): `52.52000, 13.40500`. */
export function coordinatesLabel(lat: number, lng: number): string {
  return `${lat.toFixed(5)}, ${lng.toFixed(5)}`;
}

/** Midnight of `now`'s day in a time zone (the browser's without one), epoch ms. */
export function startOfDay(now: number, timeZone?: string): number {
  const zone = timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone;
  return zonedDayBounds(zonedDate(now, zone), zone).startMs;
}

/** A point of the place sketch, in its own pixels. */
export interface SketchPoint {
  x: number;
  y: number;
}

/** Where the stop and the courier's fix go on a square sketch, north up, to scale. */
export interface PlaceSketch {
  size: number;
  stop: SketchPoint;
  fix: SketchPoint | null;
  /** Radius of the far-from-stop ring, pixels. */
  ringRadius: number;
}

const EARTH_RADIUS_M = 6_371_000;

/**
 * A sketch of where a completion happened: the stop in the middle, the courier's fix at its
 * bearing and distance, and the far-from-stop ring, scaled so the farther of the two fits.
 */
export function placeSketch(
  stop: { lat: number; lng: number },
  fix: { lat: number; lng: number } | null,
  size = 160,
): PlaceSketch {
  const centre = size / 2;
  const usable = centre - 12;
  const east = fix
    ? ((fix.lng - stop.lng) * Math.PI * EARTH_RADIUS_M * Math.cos((stop.lat * Math.PI) / 180)) / 180
    : 0;
  const north = fix ? ((fix.lat - stop.lat) * Math.PI * EARTH_RADIUS_M) / 180 : 0;
  const reach = Math.max(FAR_FROM_STOP_METERS, Math.hypot(east, north));
  const scale = usable / reach;
  return {
    size,
    stop: { x: centre, y: centre },
    fix: fix ? { x: centre + east * scale, y: centre - north * scale } : null,
    ringRadius: FAR_FROM_STOP_METERS * scale,
  };
}
