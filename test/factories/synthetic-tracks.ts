import type { CourierFix } from '../../server/src/eta/courier-track';
import type { GeoPoint } from '../../server/src/eta/travel-time';
import type { Rng } from '../../server/src/lib/rng';
import { localProjection } from '../../server/src/streets/projection';

export interface CircleTrackOptions {
  center: GeoPoint;
  radiusMeters?: number;
  speedMps: number;
  startMs: number;
  seconds: number;
  intervalMs?: number;
  accuracyMeters?: number;
  /** Gaussian position error (needs `rng`); none by default. */
  noiseMeters?: number;
  rng?: Rng;
}

/**
 * Fixes of a courier circling a point at a steady speed: a known speed that stays inside one
 * neighbourhood, for tests and benchmarks of speed learning.
 */
export function circleTrack({
  center,
  radiusMeters = 150,
  speedMps,
  startMs,
  seconds,
  intervalMs = 5000,
  accuracyMeters = 5,
  noiseMeters = 0,
  rng,
}: CircleTrackOptions): CourierFix[] {
  const projection = localProjection(center.lat, center.lng);
  const fixes: CourierFix[] = [];
  for (let ms = 0; ms <= seconds * 1000; ms += intervalMs) {
    const angle = (speedMps * (ms / 1000)) / radiusMeters;
    const x = radiusMeters * Math.cos(angle) + (rng ? rng.normal(0, noiseMeters) : 0);
    const y = radiusMeters * Math.sin(angle) + (rng ? rng.normal(0, noiseMeters) : 0);
    fixes.push({
      t: startMs + ms,
      lat: projection.toLat(y),
      lng: projection.toLng(x),
      accuracyMeters,
    });
  }
  return fixes;
}
