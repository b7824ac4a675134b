import { VEHICLES, type Vehicle } from '@dispatch/shared';
import { straightLineMeters, type GeoPoint, type TravelTimeProvider } from '../../eta/travel-time';

/**
 * Straight-line travel times fitted to a provider: a plan over a thousand stops needs a million
 * travel times, far more than the live provider (learned speeds per neighbourhood, or streets)
 * answers in a second, so the plan uses metres × `secondsPerMeter` for the fastest vehicle, and
 * each vehicle's `factor` over that. Both are medians over sampled pairs of the plan's own
 * places shaped like a route's legs (each with a near neighbour), asked of the provider at the
 * plan's departure time.
 */
export interface TravelCalibration {
  /** Seconds per straight-line metre for the fastest vehicle (circuity and learned speeds included). */
  secondsPerMeter: number;
  /** Each vehicle's travel time over the fastest one's (1 for the fastest). */
  factor: Record<Vehicle, number>;
  /** Pairs the fit was made on. */
  samples: number;
}

/** Pairs sampled; enough for a stable median, few enough to cost milliseconds. */
const SAMPLE_PAIRS = 200;
/** Pairs closer than this say more about the door-to-door walk than the trip. */
const MIN_PAIR_METERS = 300;

/** Fits straight-line times to `provider` over pairs of `points` (a deterministic sample). */
export function calibrateTravel(
  provider: TravelTimeProvider,
  points: readonly GeoPoint[],
  departAt: number,
  vehicles: readonly Vehicle[] = VEHICLES,
): TravelCalibration {
  const pairs = samplePairs(points);
  const perMeter = new Map<Vehicle, number>();
  for (const vehicle of new Set(vehicles)) {
    const ratios = pairs.map(
      ([a, b]) =>
        provider.travelSeconds(a, b, { vehicle, departAt }) / Math.max(1, straightLineMeters(a, b)),
    );
    const fitted = median(ratios.filter((r) => Number.isFinite(r) && r > 0));
    perMeter.set(vehicle, fitted ?? fallbackSecondsPerMeter(provider, vehicle, departAt));
  }
  const fastest = Math.min(...perMeter.values());
  const factor = Object.fromEntries(
    VEHICLES.map((v) => [v, (perMeter.get(v) ?? fastest) / fastest]),
  ) as Record<Vehicle, number>;
  return { secondsPerMeter: fastest, factor, samples: pairs.length };
}

/**
 * Pairs shaped like a route's legs: each sampled point with its nearest other point at least
 * `MIN_PAIR_METERS` away, without randomness. A route is mostly short hops between neighbours,
 * and streets wind more over a short hop than across town (on Campo Grande's streets a bike's
 * median is 0.31 s per straight-line metre under 1 km, 0.28 beyond 5 km), so fitting on random
 * pairs, mostly long, would plan every leg a little too fast. A scan per sampled point: 200 × n
 * distances, milliseconds for a day of stops.
 */
function samplePairs(points: readonly GeoPoint[]): [GeoPoint, GeoPoint][] {
  const pairs: [GeoPoint, GeoPoint][] = [];
  const n = points.length;
  const samples = Math.min(SAMPLE_PAIRS, n);
  for (let k = 0; k < samples; k++) {
    const i = Math.floor((k * n) / samples);
    let nearest = -1;
    let nearestMeters = Infinity;
    for (let j = 0; j < n; j++) {
      const meters = straightLineMeters(points[i]!, points[j]!);
      if (meters >= MIN_PAIR_METERS && meters < nearestMeters) {
        nearest = j;
        nearestMeters = meters;
      }
    }
    if (nearest >= 0) pairs.push([points[i]!, points[nearest]!]);
  }
  return pairs;
}

/** With no usable pair (one place, or all in one block): a 1 km trip asked of the provider. */
function fallbackSecondsPerMeter(
  provider: TravelTimeProvider,
  vehicle: Vehicle,
  departAt: number,
): number {
  const from = { lat: 0, lng: 0 };
  const to = { lat: 0, lng: 1000 / 111_195 };
  return provider.travelSeconds(from, to, { vehicle, departAt }) / straightLineMeters(from, to);
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
