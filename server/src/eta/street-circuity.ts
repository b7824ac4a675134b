import { VEHICLES, haversineMeters, type Vehicle } from '@dispatch/shared';
import { latLngToCell } from 'h3-js';
import type { MovementSegment, TrackPoint } from './courier-track';
import { AreaCellLookup } from './area-cell-lookup';
import { LruMap } from '../lib/lru-map';
import type { GeoPoint } from './travel-time';

export interface StreetCircuityOptions {
  /** Path length of the stretch of track each sample spans (default 800 m). */
  windowMeters?: number;
  /** Least straight-line distance a sample's stretch must cover (default 300 m). */
  minDisplacementMeters?: number;
  /** Path run between two samples of one courier (default 100 m): overlapping stretches repeat each other. */
  sampleEveryMeters?: number;
  /** Segments further apart in time are not one stretch (default 45 s: a red light, not a stop). */
  maxLinkGapMs?: number;
  /** Stretches more circuitous than this are a turn-round or a tour, not a way (default 2). */
  maxCircuity?: number;
  /** Samples at which a district's own value and the city's weigh the same (default 30). */
  confidenceSamples?: number;
  /** Most couriers whose recent track is kept (default 20 000). */
  maxCouriers?: number;
}

/** One area's circuity per direction: the mean of path ÷ straight line, and its sample count. */
export interface CircuityArea {
  /** A res-6 cell, or `*` for the whole city. */
  area: string;
  means: number[];
  samples: number[];
}

/** A vehicle's trips over straight-line estimates at the learned speeds (the level of its circuity). */
export interface CircuityLevel {
  vehicle: Vehicle;
  mean: number;
  samples: number;
}

export interface StreetCircuitySnapshot {
  sectors: number;
  areas: CircuityArea[];
  /** Absent from snapshots saved before levels were learned. */
  levels?: CircuityLevel[];
}

/** Seconds a straight line takes at the learned speeds, without circuity: the level's yardstick. */
export type StraightSeconds = (from: TrackPoint, to: TrackPoint) => number;

/** Directions folded onto 0–180° (a street runs both ways) in sectors of this many degrees. */
export const SECTOR_DEGREES = 15;
export const SECTORS = 180 / SECTOR_DEGREES;
/** A district (about 36 km²): its streets mostly keep one layout. */
export const DISTRICT_RES = 6;
export const CITY_AREA = '*';
/** A mean over directions needs most of them seen. */
const MIN_SECTORS_SEEN = SECTORS / 2;
/** Running means become moving averages after this many samples: streets change slowly. */
const MAX_WEIGHT_SAMPLES = 2000;
/** Samples before a vehicle's own level is used. */
const MIN_LEVEL_SAMPLES = 30;
/** A stretch taking longer than this many times its estimate was not a trip (a crawl behind a bin lorry). */
const MAX_LEVEL_RATIO = 3;

interface ChainPoint extends TrackPoint {
  /** Path length from the start of the chain. */
  pathMeters: number;
}

interface Chain {
  points: ChainPoint[];
  sampledAtMeters: number;
}

/**
 * How much longer than the straight line trips run, by direction and district, learned from
 * couriers' own tracks. On a street grid a trip along a street is as long as the line and one
 * at 45° to it about 1.41 times; in an old town every direction is alike. Consecutive movement
 * segments of a courier are chained; every `sampleEveryMeters` of path, the last
 * `windowMeters` of it are compared with the straight line between its ends, and the ratio is
 * averaged in the sector of that line's bearing, for the district of its middle and the city.
 * A stretch broken by a stop (segments more than `maxLinkGapMs` apart) starts again, so a
 * courier's turn-round at a door is not read as a winding street.
 *
 * Each vehicle's **level** is learned beside the shape: the stretch's time over what the learned
 * speeds give for its straight line, in the shape's direction. It includes the short waits
 * (lights, give-way) that movement segments leave out, and walkers wait at more of them. A
 * stretch ends at every longer stop, so what breaks one (parking, the walk to the door and back)
 * is never in it: a level is a floor on the whole trip's, and `circuity` never goes below the
 * caller's default, which carries those.
 */
export class StreetCircuity {
  private readonly windowMeters: number;
  private readonly minDisplacementMeters: number;
  private readonly sampleEveryMeters: number;
  private readonly maxLinkGapMs: number;
  private readonly maxCircuity: number;
  private readonly confidenceSamples: number;
  private readonly chains: LruMap<string | number, Chain>;
  private readonly areas = new Map<string, CircuityArea>();
  private readonly levels = new Map<Vehicle, CircuityLevel>();
  private readonly districtCells = new AreaCellLookup(DISTRICT_RES);
  /** Each district's factor per sector, rebuilt when anything was learned since (`learned`). */
  private readonly curves = new Map<string, { learned: number; factors: number[] | null }>();
  private learned = 0;

  constructor(options: StreetCircuityOptions = {}) {
    this.windowMeters = options.windowMeters ?? 800;
    this.minDisplacementMeters = options.minDisplacementMeters ?? 300;
    this.sampleEveryMeters = options.sampleEveryMeters ?? 100;
    this.maxLinkGapMs = options.maxLinkGapMs ?? 45_000;
    this.maxCircuity = options.maxCircuity ?? 2;
    this.confidenceSamples = options.confidenceSamples ?? 30;
    const positive = {
      windowMeters: this.windowMeters,
      minDisplacementMeters: this.minDisplacementMeters,
      sampleEveryMeters: this.sampleEveryMeters,
      maxLinkGapMs: this.maxLinkGapMs,
      confidenceSamples: this.confidenceSamples,
    };
    for (const [name, value] of Object.entries(positive)) {
      if (!(value > 0)) throw new RangeError(`${name} must be a positive number`);
    }
    if (!(this.maxCircuity > 1)) throw new RangeError('maxCircuity must exceed 1');
    this.chains = new LruMap(options.maxCouriers ?? 20_000);
  }

  /** Takes a courier's next movement segment (in time order). */
  observe(
    courierId: string | number,
    vehicle: Vehicle,
    segment: MovementSegment,
    straightSeconds: StraightSeconds,
  ): void {
    const chain = this.extend(courierId, segment);
    const end = chain.points.at(-1)!;
    if (end.pathMeters - chain.sampledAtMeters < this.sampleEveryMeters) return;
    const startIndex = this.windowStart(chain.points, end.pathMeters - this.windowMeters);
    if (startIndex < 0) return;
    const start = chain.points[startIndex]!;
    chain.points.splice(0, startIndex);
    const straight = haversineMeters(start.lat, start.lng, end.lat, end.lng);
    if (straight < this.minDisplacementMeters) return;
    chain.sampledAtMeters = end.pathMeters;
    const circuity = (end.pathMeters - start.pathMeters) / straight;
    if (circuity > this.maxCircuity) return;
    const sector = sectorOf(planarBearing(start, end));
    const district = latLngToCell(
      (start.lat + end.lat) / 2,
      (start.lng + end.lng) / 2,
      DISTRICT_RES,
    );
    this.record(district, sector, Math.max(1, circuity));
    this.record(CITY_AREA, sector, Math.max(1, circuity));
    const estimate = straightSeconds(start, end) * this.factor(start, end);
    if (estimate > 0) this.recordLevel(vehicle, (end.t - start.t) / 1000 / estimate);
  }

  /**
   * The circuity of a trip in this direction for this vehicle: its level (never below
   * `floor`) × the direction's `factor`.
   */
  circuity(from: GeoPoint, to: GeoPoint, vehicle: Vehicle, floor: number): number {
    const level = this.levels.get(vehicle);
    const own = level && level.samples >= MIN_LEVEL_SAMPLES ? level.mean : floor;
    return Math.max(floor, own) * this.factor(from, to);
  }

  /** Drops a courier's recent track (logged out, or its next fix will be far away). */
  forgetCourier(courierId: string | number): void {
    this.chains.delete(courierId);
  }

  /**
   * Circuity of a trip in this direction over the mean of all directions, in the district of its
   * middle (leaning on the city's while the district has few samples): multiply a straight-line
   * estimate by it. 1 until enough directions have been seen.
   */
  factor(from: GeoPoint, to: GeoPoint): number {
    if (from.lat === to.lat && from.lng === to.lng) return 1;
    const factors = this.curveOf(
      this.districtCells.cellOf((from.lat + to.lat) / 2, (from.lng + to.lng) / 2),
    );
    if (!factors) return 1;
    // Interpolated between the two nearest sector centres.
    const position = foldDegrees(planarBearing(from, to)) / SECTOR_DEGREES - 0.5;
    const below = Math.floor(position);
    const share = position - below;
    const lower = factors[(below + SECTORS) % SECTORS]!;
    const upper = factors[(below + 1) % SECTORS]!;
    return lower + share * (upper - lower);
  }

  snapshot(): StreetCircuitySnapshot {
    return {
      sectors: SECTORS,
      areas: [...this.areas.values()].map((a) => ({
        area: a.area,
        means: [...a.means],
        samples: [...a.samples],
      })),
      levels: [...this.levels.values()].map((l) => ({ ...l })),
    };
  }

  /** Replaces what was learned (a snapshot already checked by `parseStreetCircuity`). */
  load(snapshot: StreetCircuitySnapshot): void {
    this.areas.clear();
    this.learned++;
    for (const a of snapshot.areas) {
      this.areas.set(a.area, { area: a.area, means: [...a.means], samples: [...a.samples] });
    }
    this.levels.clear();
    for (const l of snapshot.levels ?? []) this.levels.set(l.vehicle, { ...l });
  }

  /**
   * A district's factor per sector: its blended mean over the mean of the sectors seen (an
   * unseen sector counts as that mean); null until the city has seen enough directions.
   */
  private curveOf(district: string): number[] | null {
    const cached = this.curves.get(district);
    if (cached && cached.learned === this.learned) return cached.factors;
    const city = this.areas.get(CITY_AREA);
    let factors: number[] | null = null;
    if (city && seenSectors(city) >= MIN_SECTORS_SEEN) {
      const means = this.blendedMeans(city, this.areas.get(district));
      const seen = means.filter((m): m is number => m !== null);
      const level = seen.reduce((sum, m) => sum + m, 0) / seen.length;
      factors = means.map((m) => (m ?? level) / level);
    }
    this.curves.set(district, { learned: this.learned, factors });
    return factors;
  }

  /** Each sector's mean in the district, blended by samples towards the city's; null if unseen. */
  private blendedMeans(city: CircuityArea, district: CircuityArea | undefined): (number | null)[] {
    const k = this.confidenceSamples;
    return city.means.map((cityMean, s) => {
      const cityN = city.samples[s]!;
      if (cityN === 0) return null;
      const n = district?.samples[s] ?? 0;
      return n === 0 ? cityMean : (n * district!.means[s]! + k * cityMean) / (n + k);
    });
  }

  private extend(courierId: string | number, segment: MovementSegment): Chain {
    const chain = this.chains.get(courierId);
    const last = chain?.points.at(-1);
    if (!chain || !last || segment.from.t - last.t > this.maxLinkGapMs || segment.from.t < last.t) {
      const fresh: Chain = {
        points: [
          { ...segment.from, pathMeters: 0 },
          { ...segment.to, pathMeters: segment.meters },
        ],
        sampledAtMeters: 0,
      };
      this.chains.set(courierId, fresh);
      return fresh;
    }
    // A segment may start a little after the last one ended (the courier stood at a light).
    const joinMeters = haversineMeters(last.lat, last.lng, segment.from.lat, segment.from.lng);
    chain.points.push({ ...segment.to, pathMeters: last.pathMeters + joinMeters + segment.meters });
    return chain;
  }

  /** The newest point at or before `pathMeters`, or -1 when the chain is not that long yet. */
  private windowStart(points: readonly ChainPoint[], pathMeters: number): number {
    for (let i = points.length - 1; i >= 0; i--) if (points[i]!.pathMeters <= pathMeters) return i;
    return -1;
  }

  private record(area: string, sector: number, circuity: number): void {
    this.learned++;
    let entry = this.areas.get(area);
    if (!entry) {
      entry = {
        area,
        means: Array<number>(SECTORS).fill(0),
        samples: Array<number>(SECTORS).fill(0),
      };
      this.areas.set(area, entry);
    }
    const n = ++entry.samples[sector]!;
    entry.means[sector]! += (circuity - entry.means[sector]!) / Math.min(n, MAX_WEIGHT_SAMPLES);
  }

  private recordLevel(vehicle: Vehicle, ratio: number): void {
    if (!(ratio > 0) || ratio > MAX_LEVEL_RATIO || !VEHICLES.includes(vehicle)) return;
    const level = this.levels.get(vehicle) ?? { vehicle, mean: 0, samples: 0 };
    level.samples++;
    level.mean += (ratio - level.mean) / Math.min(level.samples, MAX_WEIGHT_SAMPLES);
    this.levels.set(vehicle, level);
  }
}

function foldDegrees(bearing: number): number {
  return ((bearing % 180) + 180) % 180;
}

/** Bearing in degrees clockwise from north, on the local plane: plenty within a city. */
function planarBearing(from: GeoPoint, to: GeoPoint): number {
  const east = (to.lng - from.lng) * Math.cos((from.lat * Math.PI) / 180);
  return (Math.atan2(east, to.lat - from.lat) * 180) / Math.PI;
}

function sectorOf(bearing: number): number {
  return Math.min(SECTORS - 1, Math.floor(foldDegrees(bearing) / SECTOR_DEGREES));
}

function seenSectors(area: CircuityArea): number {
  return area.samples.filter((n) => n > 0).length;
}
