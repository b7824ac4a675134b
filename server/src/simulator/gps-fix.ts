import type { Rng } from '../lib/rng';

const METERS_PER_DEG_LAT = 111_320;

/** Share of fixes with a poor satellite view (multipath in a street canyon, under a roof). */
const POOR_FIX_SHARE = 0.03;

export interface NoisyPosition {
  lat: number;
  lng: number;
  accuracyMeters: number;
}

/**
 * What a phone reports for a true position: gaussian error of about 5 m with a claimed accuracy
 * of 4–15 m, and now and then a much worse fix that also says so.
 */
export function noisyPosition(lat: number, lng: number, rng: Rng): NoisyPosition {
  const poor = rng.chance(POOR_FIX_SHARE);
  const sigmaMeters = poor ? rng.range(20, 60) : 5;
  const accuracyMeters = poor ? rng.range(30, 90) : rng.range(4, 15);
  const northMeters = rng.normal(0, sigmaMeters);
  const eastMeters = rng.normal(0, sigmaMeters);
  return {
    lat: clamp(lat + northMeters / METERS_PER_DEG_LAT, -90, 90),
    lng: lng + eastMeters / (METERS_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180)),
    accuracyMeters,
  };
}

/** Rounds to `decimals` places, to keep batches small on the wire. */
export function round(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

export function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
