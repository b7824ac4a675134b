import { H3_RES, haversineMeters, type Vehicle } from '@dispatch/shared';
import { latLngToCell } from 'h3-js';
import {
  CourierTrack,
  DEFAULT_SEGMENT_RULES,
  type CourierFix,
  type TrackFixOutcome,
  type SegmentRules,
  type TrackPoint,
} from './courier-track';
import { AreaCellLookup } from './area-cell-lookup';
import { CourierPace, type CourierPaceOptions } from './courier-pace';
import { parseLearnedSpeedsSnapshot, type LearnedSpeedsSnapshot } from './learned-speeds-snapshot';
import { LruMap } from '../lib/lru-map';
import { StreetCircuity, type StreetCircuityOptions } from './street-circuity';
import { ALL_DAY, SpeedTable, type CellSpeedStats } from './speed-table';
import { TimeBuckets } from './time-buckets';
import { vehicleSpeeds, type GeoPoint, type VehicleSpeeds } from './travel-time';

export interface LearnedSpeedsOptions extends Partial<SegmentRules> {
  /** Weight of each new 50 m of observation in a cell's moving average (default 0.02). */
  alpha?: number;
  /** Offset of the hub's local time from UTC, for the time-of-day buckets (default 0). */
  utcOffsetMinutes?: number;
  /** Width of a time-of-day bucket in minutes (default 60). */
  bucketMinutes?: number;
  /** Overrides of the vehicle speed priors, m/s. */
  priorSpeedMps?: Partial<VehicleSpeeds>;
  /** Most (cell, bucket) entries kept; the least recently updated go first (default 50 000). */
  maxEntries?: number;
  /** Most couriers whose recent fixes are kept; the least recently seen go first (default 20 000). */
  maxTrackedCouriers?: number;
  /**
   * Samples at which a cell's own value and the fallback weigh the same: fewer lean towards the
   * fallback, more towards the cell (default 20).
   */
  confidenceSamples?: number;
  /** How each courier's own pace against the fleet's is learned (`CourierPace`). */
  courierPace?: CourierPaceOptions;
  /** How the streets' circuity by direction is learned (`StreetCircuity`). */
  streetCircuity?: StreetCircuityOptions;
}

/** Where an estimate came from, most specific first. */
export type SpeedSource = 'bucket' | 'neighbour_buckets' | 'all_day' | 'prior';

/** A cell's speed relative to the vehicle priors, and what it rests on. */
export interface SpeedEstimate {
  /** Multiply a vehicle's prior speed by this (0.5 = half as fast). */
  speedRatio: number;
  /** Segments in the most specific level that had any. */
  samples: number;
  source: SpeedSource;
}

/** Observed speeds are clamped to this range of the prior before averaging: one bad segment cannot swamp a cell. */
const MIN_RATIO = 0.1;
const MAX_RATIO = 3;

/**
 * Travel speeds learned from couriers' own movement: segments between consecutive fixes of one
 * courier, as a ratio to the vehicle's prior speed, averaged per res-7 cell and time-of-day
 * bucket, both for every vehicle together and per vehicle: cars queue in a rush that bikes ride
 * past and park away from the door where bikes ride up to it, so a vehicle's own values lead
 * where it has samples, and the shared ones (then the prior) fill in where it has few. Estimates blend towards the
 * neighbouring buckets, then the cell's all-day value, then the fallback while samples are few.
 */
export class LearnedSpeeds {
  readonly buckets: TimeBuckets;
  private readonly priors: VehicleSpeeds;
  private readonly rules: SegmentRules;
  private readonly table: SpeedTable;
  /** The same per vehicle, keyed `vehicle:cell`: preferred where the vehicle has samples. */
  private readonly vehicleTable: SpeedTable;
  private readonly tracks: LruMap<string | number, CourierTrack>;
  private readonly confidenceSamples: number;
  private readonly areaCells = new AreaCellLookup();
  private readonly pace: CourierPace;
  private readonly circuity: StreetCircuity;

  constructor(options: LearnedSpeedsOptions = {}) {
    this.buckets = new TimeBuckets(options);
    this.priors = vehicleSpeeds(options.priorSpeedMps);
    this.rules = { ...DEFAULT_SEGMENT_RULES, ...definedOnly(options) };
    for (const [rule, value] of Object.entries(this.rules)) {
      if (!(value > 0)) throw new RangeError(`${rule} must be a positive number`);
    }
    this.table = new SpeedTable(options.maxEntries ?? 50_000, options.alpha ?? 0.02);
    this.vehicleTable = new SpeedTable(options.maxEntries ?? 50_000, options.alpha ?? 0.02);
    this.tracks = new LruMap(options.maxTrackedCouriers ?? 20_000);
    this.confidenceSamples = options.confidenceSamples ?? 20;
    if (!(this.confidenceSamples >= 0)) throw new RangeError('confidenceSamples must be >= 0');
    this.pace = new CourierPace({
      maxCouriers: options.maxTrackedCouriers ?? 20_000,
      ...options.courierPace,
    });
    this.circuity = new StreetCircuity({
      maxCouriers: options.maxTrackedCouriers ?? 20_000,
      ...options.streetCircuity,
    });
  }

  /** Shared entries held: (cell, bucket) pairs plus each cell's all-day value (vehicles' own apart). */
  get size(): number {
    return this.table.size;
  }

  /** The time-of-day bucket of an instant (epoch ms) in the hub's local time. */
  bucketOf(epochMs: number): number {
    return this.buckets.bucketOf(epochMs);
  }

  priorSpeedMps(vehicle: Vehicle): number {
    return this.priors[vehicle];
  }

  /** Takes one courier's next fix (in device-time order); a completed segment updates its cell. */
  observe(courierId: string | number, vehicle: Vehicle, fix: CourierFix): TrackFixOutcome {
    let track = this.tracks.get(courierId);
    if (!track) {
      track = new CourierTrack(this.rules);
      this.tracks.set(courierId, track);
    }
    const { outcome, segment } = track.observe(fix);
    if (segment) {
      this.circuity.observe(courierId, vehicle, segment, (from, to) =>
        this.straightSeconds(courierId, vehicle, from, to),
      );
      const ratio = segment.meters / segment.seconds / this.priors[vehicle];
      const clamped = Math.min(MAX_RATIO, Math.max(MIN_RATIO, ratio));
      const cell = latLngToCell(segment.midLat, segment.midLng, H3_RES.area);
      const bucket = this.buckets.bucketOf(segment.midT);
      // The courier is judged against what was predicted before its own segment is folded in.
      const predicted = this.estimate(cell, bucket, vehicle);
      if (predicted.source !== 'prior') {
        // Pace ratio × metres: seconds at the vehicle prior, so segments weigh by their time.
        const observed = segment.meters / clamped;
        this.pace.observe(
          courierId,
          vehicle,
          observed,
          segment.meters / predicted.speedRatio,
          segment.midT,
        );
      }
      this.table.record(cell, bucket, 1 / clamped, segment.meters, segment.midT);
      this.vehicleTable.record(
        vehicleKey(vehicle, cell),
        bucket,
        1 / clamped,
        segment.meters,
        segment.midT,
      );
    }
    return outcome;
  }

  /**
   * How much longer than the fleet's speeds predict this courier takes (1 = as the fleet, and
   * for a courier not seen): multiply a predicted travel time by it.
   */
  courierPaceFactor(courierId: string | number): number {
    return this.pace.factor(courierId);
  }

  /**
   * How much longer than the straight line this vehicle's trip in this direction runs here
   * (`StreetCircuity.circuity`), never below `floor`'s level.
   */
  circuityOf(from: GeoPoint, to: GeoPoint, vehicle: Vehicle, floor: number): number {
    return this.circuity.circuity(from, to, vehicle, floor);
  }

  /** Drops a courier's recent fixes (logged out, or its next fix will be far away). */
  forgetCourier(courierId: string | number): void {
    this.tracks.delete(courierId);
    this.circuity.forgetCourier(courierId);
  }

  /**
   * The blended estimate for a res-7 cell in a time bucket. Given a vehicle, its own values
   * lead, blended towards the shared estimate while it has few samples there.
   */
  estimate(cell: string, bucket: number, vehicle?: Vehicle): SpeedEstimate {
    const shared = this.estimateIn(this.table, cell, bucket, {
      speedRatio: 1,
      samples: 0,
      source: 'prior',
    });
    if (!vehicle) return shared;
    return this.estimateIn(this.vehicleTable, vehicleKey(vehicle, cell), bucket, shared);
  }

  /** One level of the blend: bucket, then neighbouring buckets, then all-day, then `fallback`. */
  private estimateIn(
    table: SpeedTable,
    key: string,
    bucket: number,
    fallback: SpeedEstimate,
  ): SpeedEstimate {
    const allDay = table.peek(key, ALL_DAY);
    let pace = this.blend(allDay, 1 / fallback.speedRatio);
    let source: SpeedSource = allDay ? 'all_day' : fallback.source;
    let samples = allDay?.samples ?? fallback.samples;
    const around = this.buckets
      .neighbours(bucket)
      .map((b) => table.peek(key, b))
      .filter((s): s is CellSpeedStats => s !== undefined);
    if (around.length > 0) {
      const n = around.reduce((sum, s) => sum + s.samples, 0);
      const mean = around.reduce((sum, s) => sum + s.paceRatio * s.samples, 0) / n;
      pace = (n * mean + this.confidenceSamples * pace) / (n + this.confidenceSamples);
      source = 'neighbour_buckets';
      samples = n;
    }
    const own = table.peek(key, bucket);
    if (own) {
      pace = this.blend(own, pace);
      source = 'bucket';
      samples = own.samples;
    }
    return { speedRatio: 1 / pace, samples, source };
  }

  /** Speed relative to the vehicle priors at a place and instant (for this vehicle if given). */
  ratioAt(lat: number, lng: number, epochMs: number, vehicle?: Vehicle): number {
    const cell = this.areaCells.cellOf(lat, lng);
    return this.estimate(cell, this.bucketOf(epochMs), vehicle).speedRatio;
  }

  /** Expected speed of a vehicle at a place and instant, m/s. */
  speedMpsAt(vehicle: Vehicle, lat: number, lng: number, epochMs: number): number {
    return this.priors[vehicle] * this.ratioAt(lat, lng, epochMs, vehicle);
  }

  snapshot(): LearnedSpeedsSnapshot {
    return {
      version: 1,
      bucketMinutes: this.buckets.bucketMinutes,
      utcOffsetMinutes: this.buckets.utcOffsetMinutes,
      entries: [
        ...this.table.all(),
        ...this.vehicleTable.all().map((e) => {
          const [vehicle, cell] = splitVehicleKey(e.cell);
          return { ...e, cell, vehicle };
        }),
      ],
      courierPace: this.pace.snapshot(),
      streetCircuity: this.circuity.snapshot(),
    };
  }

  /**
   * Replaces what was learned with a snapshot (checked first; throws a RangeError when it is
   * malformed). Buckets learned under another bucketing are dropped, all-day values kept;
   * couriers' own pace comes back with them.
   * Returns the shared entries restored (each vehicle's own come back beside them).
   */
  restore(value: unknown): number {
    const snapshot = parseLearnedSpeedsSnapshot(value);
    const sameBuckets =
      snapshot.bucketMinutes === this.buckets.bucketMinutes &&
      snapshot.utcOffsetMinutes === this.buckets.utcOffsetMinutes;
    const entries = snapshot.entries.filter(
      (e) => e.bucket === ALL_DAY || (sameBuckets && e.bucket < this.buckets.count),
    );
    this.table.load(entries.filter((e) => e.vehicle === undefined));
    this.vehicleTable.load(
      entries.flatMap((e) => (e.vehicle ? [{ ...e, cell: vehicleKey(e.vehicle, e.cell) }] : [])),
    );
    // An older snapshot has no couriers' pace: every courier starts as the fleet.
    this.pace.load(snapshot.courierPace ?? { groups: [], couriers: [] });
    this.circuity.load(snapshot.streetCircuity ?? { sectors: 0, areas: [] });
    return this.table.size;
  }

  /** Seconds this courier takes along a straight line at the learned speeds of its middle. */
  private straightSeconds(
    courierId: string | number,
    vehicle: Vehicle,
    from: TrackPoint,
    to: TrackPoint,
  ): number {
    const meters = haversineMeters(from.lat, from.lng, to.lat, to.lng);
    const speedMps = this.speedMpsAt(
      vehicle,
      (from.lat + to.lat) / 2,
      (from.lng + to.lng) / 2,
      from.t,
    );
    return (meters / speedMps) * this.pace.factor(courierId);
  }

  /** Mixes a level's average with the level below by how many samples it rests on. */
  private blend(stats: CellSpeedStats | undefined, fallbackPace: number): number {
    if (!stats) return fallbackPace;
    const k = this.confidenceSamples;
    return (stats.samples * stats.paceRatio + k * fallbackPace) / (stats.samples + k);
  }
}

function vehicleKey(vehicle: Vehicle, cell: string): string {
  return `${vehicle}:${cell}`;
}

function splitVehicleKey(key: string): [Vehicle, string] {
  const at = key.indexOf(':');
  return [key.slice(0, at) as Vehicle, key.slice(at + 1)];
}

/** The segment rules among the options, without the ones left undefined. */
function definedOnly(options: LearnedSpeedsOptions): Partial<SegmentRules> {
  const rules: Partial<SegmentRules> = {};
  for (const key of Object.keys(DEFAULT_SEGMENT_RULES) as (keyof SegmentRules)[]) {
    const value = options[key];
    if (value !== undefined) rules[key] = value;
  }
  return rules;
}
