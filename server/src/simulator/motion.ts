import { bearingDegrees, haversineMeters } from '@dispatch/shared';
import type { Rng } from '../lib/rng';
import { NEUTRAL_SPEED_FIELD, type SpeedField } from './speed-field';
import type { LatLngPair, StreetNetwork } from '../streets/network';

/** A stop the courier drives to and dwells at. */
export interface MotionStop {
  id: number;
  lat: number;
  lng: number;
  serviceSeconds: number;
}

export type MotionMode = 'idle' | 'driving' | 'dwelling';

export type MotionEvent =
  /** Set off towards a stop (the courier app's "Navigate"). */
  | { type: 'set_off'; stopId: number; atMs: number }
  | { type: 'arrived'; stopId: number; atMs: number }
  | { type: 'departed'; stopId: number; atMs: number }
  | { type: 'route_done'; atMs: number };

interface Leg {
  stop: MotionStop;
  points: LatLngPair[];
  /** Distance from the leg's start to each point. */
  cumMeters: number[];
  /** Road speed factor per segment. */
  factors: number[];
  /** Speed-field multiplier of the place of each segment (its midpoint). */
  placeFactors: number[];
  progressMeters: number;
  segment: number;
}

export interface CourierMotionOptions {
  network: StreetNetwork;
  start: { lat: number; lng: number };
  startMs: number;
  rng: Rng;
  /** This vehicle's speed factor on a road with the given factor (a bike is no faster on an avenue). */
  roadFactor?: (speedFactor: number) => number;
  /** Slow zones and rush hours; none when absent. */
  speedField?: SpeedField;
}

/** Factor for the bits between a stop or start position and the nearest street node. */
const ACCESS_FACTOR = 0.6;
/** How far an idle courier wanders around where it stopped. */
const IDLE_RADIUS_METERS = 8;

/**
 * Where a courier is and what it is doing, advanced in time: drives its stops in order along
 * the street network, dwells the service time at each, then idles near the last one.
 */
export class CourierMotion {
  lat: number;
  lng: number;
  headingDeg = 0;
  /** Current speed over ground, metres per (wall-clock) second. */
  speedMps = 0;
  mode: MotionMode = 'idle';
  /** Stops already served here; never visited again whatever the server sends. */
  readonly visited = new Set<number>();
  private plan: MotionStop[] = [];
  /** Events of a leg started by `setStops`, handed out by the next `advance`. */
  private pendingEvents: MotionEvent[] = [];
  private leg: Leg | null = null;
  private dwellStop: MotionStop | null = null;
  private dwellUntilMs = 0;
  private clockMs: number;
  private anchor: { lat: number; lng: number };
  private readonly network: StreetNetwork;
  private readonly rng: Rng;
  private readonly roadFactor: (speedFactor: number) => number;
  private readonly speedField: SpeedField;

  constructor({ network, start, startMs, rng, roadFactor, speedField }: CourierMotionOptions) {
    this.network = network;
    this.rng = rng;
    this.roadFactor = roadFactor ?? ((f) => f);
    this.speedField = speedField ?? NEUTRAL_SPEED_FIELD;
    this.lat = start.lat;
    this.lng = start.lng;
    this.anchor = { ...start };
    this.clockMs = startMs;
  }

  /** The stop being driven to or served, if any. */
  get currentStopId(): number | null {
    return this.leg?.stop.id ?? this.dwellStop?.id ?? null;
  }

  /** Replaces the stops still to visit (in order); keeps the current leg or dwell when it is unchanged. */
  setStops(stops: readonly MotionStop[]): void {
    const pending = stops.filter((s) => !this.visited.has(s.id));
    if (this.mode === 'dwelling' && this.dwellStop) {
      const serving = this.dwellStop.id;
      this.plan = pending.filter((s) => s.id !== serving);
      return;
    }
    const first = pending[0];
    if (this.leg && first && first.id === this.leg.stop.id && sameSpot(first, this.leg.stop)) {
      this.leg.stop = first;
      this.plan = pending.slice(1);
      return;
    }
    this.plan = pending;
    this.leg = null;
    // A leg replaced before it moved was never set off on.
    this.pendingEvents = this.pendingEvents.filter((e) => e.type !== 'set_off');
    this.startNextLeg(this.clockMs, this.pendingEvents);
  }

  /**
   * Moves the clock to `toMs`. `speedMps` is the cruising speed on a residential street in metres
   * per wall-clock second (speed-up and slowdowns included; 0 while stalled).
   */
  advance(toMs: number, speedMps: number): MotionEvent[] {
    const events = this.pendingEvents.splice(0);
    let t = this.clockMs;
    while (t < toMs) {
      if (this.mode === 'dwelling') {
        if (this.dwellUntilMs > toMs) break;
        t = this.dwellUntilMs;
        const served = this.dwellStop!;
        this.visited.add(served.id);
        this.dwellStop = null;
        events.push({ type: 'departed', stopId: served.id, atMs: t });
        this.startNextLeg(t, events);
      } else if (this.mode === 'driving') {
        t = this.drive(t, toMs, speedMps, events);
      } else {
        this.idleJitter((toMs - t) / 1000);
        break;
      }
    }
    this.clockMs = toMs;
    return events;
  }

  /** Drives from `fromMs` towards `toMs`; returns the time reached (earlier when the stop is reached). */
  private drive(fromMs: number, toMs: number, speedMps: number, events: MotionEvent[]): number {
    const leg = this.leg!;
    const segments = leg.points.length - 1;
    let remainingS = (toMs - fromMs) / 1000;
    // The time of day changes slowly: one value per step (a fix interval at most) is enough.
    const timeFactor = this.speedField.timeFactor(fromMs);
    while (remainingS > 0 && leg.segment < segments) {
      const v =
        speedMps *
        this.roadFactor(leg.factors[leg.segment]!) *
        leg.placeFactors[leg.segment]! *
        timeFactor;
      this.speedMps = v;
      if (v <= 0) {
        remainingS = 0;
        break;
      }
      const toSegmentEnd = leg.cumMeters[leg.segment + 1]! - leg.progressMeters;
      if (v * remainingS < toSegmentEnd) {
        leg.progressMeters += v * remainingS;
        remainingS = 0;
      } else {
        leg.progressMeters += toSegmentEnd;
        remainingS -= toSegmentEnd / v;
        leg.segment++;
      }
    }
    this.placeOnLeg(leg);
    if (leg.segment < segments) return toMs;
    // Whole milliseconds: the server takes visit times as integers, as a phone's clock gives them.
    const arrivedMs = Math.min(toMs, Math.round(toMs - remainingS * 1000));
    this.leg = null;
    this.mode = 'dwelling';
    this.speedMps = 0;
    this.dwellStop = leg.stop;
    this.dwellUntilMs = arrivedMs + leg.stop.serviceSeconds * 1000;
    this.anchor = { lat: this.lat, lng: this.lng };
    events.push({ type: 'arrived', stopId: leg.stop.id, atMs: arrivedMs });
    return arrivedMs;
  }

  private startNextLeg(atMs: number, events: MotionEvent[]): void {
    const next = this.plan.shift();
    if (!next) {
      if (this.mode !== 'idle') events.push({ type: 'route_done', atMs });
      this.mode = 'idle';
      this.speedMps = 0;
      this.anchor = { lat: this.lat, lng: this.lng };
      return;
    }
    this.leg = this.buildLeg(next);
    this.mode = 'driving';
    events.push({ type: 'set_off', stopId: next.id, atMs });
  }

  private buildLeg(stop: MotionStop): Leg {
    const from = this.network.nearestNode(this.lat, this.lng);
    const to = this.network.nearestNode(stop.lat, stop.lng);
    const route = this.network.route(from, to);
    const raw: LatLngPair[] = [
      [this.lat, this.lng],
      ...(route?.points ?? []),
      [stop.lat, stop.lng],
    ];
    const rawFactors = [ACCESS_FACTOR, ...(route?.segmentSpeedFactors ?? []), ACCESS_FACTOR];
    const points: LatLngPair[] = [raw[0]!];
    const factors: number[] = [];
    const placeFactors: number[] = [];
    const cumMeters = [0];
    for (let i = 1; i < raw.length; i++) {
      const [lat1, lng1] = points[points.length - 1]!;
      const [lat2, lng2] = raw[i]!;
      const d = haversineMeters(lat1, lng1, lat2, lng2);
      if (d < 0.5) continue; // merge duplicate points: no zero-length segments
      points.push(raw[i]!);
      factors.push(route ? rawFactors[i - 1]! : 1);
      placeFactors.push(this.speedField.placeFactor((lat1 + lat2) / 2, (lng1 + lng2) / 2));
      cumMeters.push(cumMeters[cumMeters.length - 1]! + d);
    }
    return { stop, points, cumMeters, factors, placeFactors, progressMeters: 0, segment: 0 };
  }

  private placeOnLeg(leg: Leg): void {
    const last = leg.points.length - 1;
    if (leg.segment >= last) {
      [this.lat, this.lng] = leg.points[last]!;
      return;
    }
    const [lat1, lng1] = leg.points[leg.segment]!;
    const [lat2, lng2] = leg.points[leg.segment + 1]!;
    const start = leg.cumMeters[leg.segment]!;
    const span = leg.cumMeters[leg.segment + 1]! - start;
    const f = span > 0 ? (leg.progressMeters - start) / span : 1;
    this.lat = lat1 + (lat2 - lat1) * f;
    this.lng = lng1 + (lng2 - lng1) * f;
    this.headingDeg = bearingDegrees(lat1, lng1, lat2, lng2);
  }

  /** A parked phone drifts a little: a slow random walk kept within a few metres of the anchor. */
  private idleJitter(seconds: number): void {
    this.speedMps = 0;
    if (seconds <= 0) return;
    const step = 0.3 * Math.sqrt(seconds);
    const metersPerDegLat = 111_320;
    const metersPerDegLng = metersPerDegLat * Math.cos((this.anchor.lat * Math.PI) / 180);
    let north = (this.lat - this.anchor.lat) * metersPerDegLat + this.rng.normal(0, step);
    let east = (this.lng - this.anchor.lng) * metersPerDegLng + this.rng.normal(0, step);
    const r = Math.hypot(north, east);
    if (r > IDLE_RADIUS_METERS) {
      north *= IDLE_RADIUS_METERS / r;
      east *= IDLE_RADIUS_METERS / r;
    }
    this.lat = this.anchor.lat + north / metersPerDegLat;
    this.lng = this.anchor.lng + east / metersPerDegLng;
  }
}

function sameSpot(a: MotionStop, b: MotionStop): boolean {
  return a.lat === b.lat && a.lng === b.lng;
}
