import { VEHICLE_SPEED_MPS, bearingDegrees, type Vehicle } from '@dispatch/shared';
import type { Rng } from '../lib/rng';
import type { LatLngPair, StreetNetwork } from '../streets/network';
import { buildLeg, type Leg, type LegContext } from './world/legs';
import type { CourierBehaviour } from './world/route-choice';
import { networkDegree } from './world/traffic';
import type { Traffic } from './world/types';

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

export interface CourierMotionOptions {
  network: StreetNetwork;
  start: { lat: number; lng: number };
  startMs: number;
  rng: Rng;
  /**
   * This vehicle's speed factor on a road with the network's factor (a bike is no faster on an
   * avenue); used only without `traffic`.
   */
  roadFactor?: (speedFactor: number) => number;
  /** The vehicle (default car): what the traffic and the parking habits depend on. */
  vehicle?: Vehicle;
  /** The world's traffic: speeds per street and time, junction delays. Plain speeds when absent. */
  traffic?: Traffic;
  /** The courier's habits (detours, parking and walking); shortest paths to the door when absent. */
  behaviour?: CourierBehaviour;
  /** How much faster than the wall clock movement runs (default 1): shortens junction waits too. */
  speedup?: number;
}
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
  /** Where the vehicle stands while the courier walks to a door, serves it and walks back. */
  parkedAt: LatLngPair | null = null;
  private plan: MotionStop[] = [];
  /** Events of a leg started by `setStops`, handed out by the next `advance`. */
  private pendingEvents: MotionEvent[] = [];
  private leg: Leg<MotionStop> | null = null;
  private dwellStop: MotionStop | null = null;
  private dwellUntilMs = 0;
  private clockMs: number;
  private anchor: { lat: number; lng: number };
  private readonly rng: Rng;
  private readonly roadFactor: (speedFactor: number) => number;
  private readonly traffic: Traffic | null;
  private readonly vehicle: Vehicle;
  /** Walking pace over the vehicle's typical speed: scales the cruising speed `advance` gets. */
  private readonly walkRatio: number;
  private readonly legs: LegContext;
  private readonly speedup: number;

  constructor(options: CourierMotionOptions) {
    const { network, start, startMs, rng, roadFactor, traffic, behaviour } = options;
    this.rng = rng;
    this.roadFactor = roadFactor ?? ((f) => f);
    this.traffic = traffic ?? null;
    this.speedup = options.speedup ?? 1;
    this.vehicle = options.vehicle ?? 'car';
    this.walkRatio = (behaviour?.walkMps ?? 1.35) / VEHICLE_SPEED_MPS[this.vehicle];
    this.legs = {
      network,
      vehicle: this.vehicle,
      behaviour: behaviour ?? null,
      rng,
      ...(traffic ? { degreeAt: networkDegree(network) } : {}),
    };
    this.lat = start.lat;
    this.lng = start.lng;
    this.anchor = { ...start };
    this.clockMs = startMs;
  }

  /** True while the courier is on foot between its parked vehicle and a door. */
  get walking(): boolean {
    return this.mode === 'driving' && this.leg?.kinds[this.leg.segment] === 'walk';
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
    const pieces = leg.kinds.length;
    let t = fromMs;
    // Speeds are re-read at each piece and each call (a fix interval at most): congestion and
    // incidents change along a long leg.
    while (t < toMs && leg.segment < pieces) {
      if (leg.holdUntilMs > t) {
        this.speedMps = 0; // standing at a junction
        t = Math.min(toMs, leg.holdUntilMs);
        continue;
      }
      const v = speedMps * this.pieceFactor(leg, t);
      this.speedMps = v;
      if (v <= 0) {
        t = toMs;
        break;
      }
      const toPieceEnd = leg.cumMeters[leg.segment + 1]! - leg.progressMeters;
      const remainingS = (toMs - t) / 1000;
      if (v * remainingS < toPieceEnd) {
        leg.progressMeters += v * remainingS;
        t = toMs;
      } else {
        leg.progressMeters += toPieceEnd;
        t += (toPieceEnd / v) * 1000;
        this.enterPiece(leg, leg.segment + 1, t);
      }
    }
    this.placeOnLeg(leg);
    if (leg.segment < pieces) return toMs;
    // Whole milliseconds: the server takes visit times as integers, as a phone's clock gives them.
    const arrivedMs = Math.min(toMs, Math.round(t));
    this.leg = null;
    this.mode = 'dwelling';
    this.speedMps = 0;
    this.dwellStop = leg.stop;
    this.dwellUntilMs = arrivedMs + leg.stop.serviceSeconds * 1000;
    this.anchor = { lat: this.lat, lng: this.lng };
    events.push({ type: 'arrived', stopId: leg.stop.id, atMs: arrivedMs });
    return arrivedMs;
  }

  /** Multiplier on the cruising speed on the leg's current piece at an instant. */
  private pieceFactor(leg: Leg<MotionStop>, atMs: number): number {
    const i = leg.segment;
    const kind = leg.kinds[i]!;
    if (kind === 'walk') return this.walkRatio;
    if (kind === 'access') return this.roadFactor(leg.factors[i]!);
    const segment = leg.segments[i];
    if (this.traffic && segment) return this.traffic.speedFactor(segment, this.vehicle, atMs);
    return this.roadFactor(leg.factors[i]!);
  }

  /** Moves on to piece `index` at `atMs`: junction waits, parking, getting back to the vehicle. */
  private enterPiece(leg: Leg<MotionStop>, index: number, atMs: number): void {
    const done = leg.segments[leg.segment];
    leg.segment = index;
    if (index === leg.pickUpIndex) this.parkedAt = null;
    if (index === leg.parkIndex) this.parkedAt = leg.points[index]!;
    if (this.traffic && done && index < leg.kinds.length) {
      const next = leg.segments[index] ?? null;
      const waitS = this.traffic.junctionDelaySeconds(done, next, this.vehicle, atMs);
      if (waitS > 0) leg.holdUntilMs = atMs + (waitS * 1000) / this.speedup;
    }
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
    this.leg = buildLeg(this.legs, [this.lat, this.lng], this.parkedAt, next);
    if (this.leg.pickUpIndex === 0) this.parkedAt = null;
    this.mode = 'driving';
    events.push({ type: 'set_off', stopId: next.id, atMs });
  }

  private placeOnLeg(leg: Leg<MotionStop>): void {
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
