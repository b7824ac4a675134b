import { H3_RES } from '@dispatch/shared';
import { latLngToCell } from 'h3-js';
import { createRng, hashSeed } from '../lib/rng';

/**
 * How fast traffic flows by place and time of day, as a multiplier on a courier's speed: a
 * city has slow neighbourhoods (markets, school zones, narrow old streets) and rush hours.
 */
export interface SpeedField {
  /** Multiplier of the neighbourhood (res-7 cell) a position lies in. */
  placeFactor(lat: number, lng: number): number;
  /** Multiplier of the time of day at an instant. */
  timeFactor(epochMs: number): number;
}

/** No slow zones, no rush hours: every multiplier is 1. */
export const NEUTRAL_SPEED_FIELD: SpeedField = { placeFactor: () => 1, timeFactor: () => 1 };

export interface SpeedFieldOptions {
  seed: number;
  /** Share of neighbourhoods that are slow zones (default 0.2). */
  slowZoneShare?: number;
  /** Offset of local time from UTC, for placing the rush hours (default 0). */
  utcOffsetMinutes?: number;
}

/** Multiplier at each local hour (0..23); values in between are interpolated. */
const HOURLY_FACTOR = [
  1.1, 1.1, 1.1, 1.1, 1.1, 1.05, 0.95, 0.75, 0.7, 0.85, 0.95, 0.9, 0.85, 0.9, 0.95, 0.9, 0.8, 0.7,
  0.7, 0.85, 0.95, 1.05, 1.1, 1.1,
];
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Cells of a city number in the hundreds; the cap only guards against a courier roaming a continent. */
const MAX_CACHED_CELLS = 100_000;

/**
 * A seeded speed field: each res-7 cell is either ordinary (0.8–1.1) or a slow zone
 * (0.35–0.6), drawn from the seed and the cell alone, so every courier and every run with the
 * same seed sees the same city; the time of day adds morning and evening rush hours.
 */
export function createSpeedField({
  seed,
  slowZoneShare = 0.2,
  utcOffsetMinutes = 0,
}: SpeedFieldOptions): SpeedField {
  if (!(slowZoneShare >= 0 && slowZoneShare <= 1)) {
    throw new RangeError('slowZoneShare must be between 0 and 1');
  }
  const byCell = new Map<string, number>();
  const offsetMs = utcOffsetMinutes * 60_000;
  return {
    placeFactor(lat, lng) {
      const cell = latLngToCell(lat, lng, H3_RES.area);
      let factor = byCell.get(cell);
      if (factor === undefined) {
        const rng = createRng(hashSeed(seed, cell));
        factor = rng.chance(slowZoneShare) ? rng.range(0.35, 0.6) : rng.range(0.8, 1.1);
        if (byCell.size >= MAX_CACHED_CELLS) byCell.clear();
        byCell.set(cell, factor);
      }
      return factor;
    },
    timeFactor(epochMs) {
      const localMs = (((epochMs + offsetMs) % DAY_MS) + DAY_MS) % DAY_MS;
      const hour = Math.floor(localMs / HOUR_MS);
      const fraction = (localMs - hour * HOUR_MS) / HOUR_MS;
      const from = HOURLY_FACTOR[hour]!;
      const to = HOURLY_FACTOR[(hour + 1) % 24]!;
      return from + (to - from) * fraction;
    },
  };
}

/** Offset of local solar time at a longitude, whole hours: a fair stand-in for a city's time zone. */
export function solarUtcOffsetMinutes(lng: number): number {
  return Math.round(lng / 15) * 60;
}
