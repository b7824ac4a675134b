import {
  OPEN_STOP_STATUSES,
  VEHICLE_SPEED_MPS,
  type CourierStatus,
  type RoutePayload,
  type RouteStop,
  type StopKind,
  type Vehicle,
} from '@dispatch/shared';
import { PhoneBattery, pingOf, plainFix } from './agent-phone';
import { IncidentScheduler, NO_INCIDENTS, type Incident, type IncidentRates } from './incidents';
import { CourierMotion, type MotionEvent, type MotionStop } from './motion';
import { PingQueue } from './ping-queue';
import type { Rng } from '../lib/rng';
import type { StreetNetwork } from '../streets/network';
import { drawBehaviour } from './world/route-choice';
import type { Traffic } from './world/types';
import { CourierIncidents } from './world/courier-incidents';
import type { TruthSample } from './world/ground-truth';
import type { WorldIncident, WorldIncidentOptions } from './world/incidents';
import type { PhonePort } from './world/phone-port';

export interface CourierAgentOptions {
  courierId: number;
  vehicle: Vehicle;
  network: StreetNetwork;
  start: { lat: number; lng: number };
  startMs: number;
  /**
   * First sequence number. The fleet passes `Date.now()` at start: sequence numbers must keep
   * increasing across restarts of the simulator (the server dedupes on them), and one fix per
   * interval ≥ 1 ms can never catch up with the millisecond clock, so a later run always starts
   * above anything an earlier run sent.
   */
  seqBase: number;
  rng: Rng;
  pingIntervalMs?: number;
  /** Movement runs this many times faster than the wall clock; dwells, incidents and fix times do not. */
  speedup?: number;
  incidentRates?: IncidentRates;
  maxQueuedPings?: number;
  /**
   * The world's traffic (speeds by street and time, junction delays); with it the courier also
   * has its own habits: detours, parking near the stop and walking to the door. Plain speeds
   * along shortest paths to the door when absent.
   */
  traffic?: Traffic;
  /** The world's incidents (stops, crawls, phone left in the vehicle, offline, lunch); none when absent. */
  worldIncidents?: WorldIncidentOptions;
  /** The phone fixes are recorded from; the plain noise of `gps-fix.ts` when absent. */
  phone?: PhonePort;
  /** Receives the courier's true state at every fix step, for the ground truth. */
  onTruth?: (sample: TruthSample) => void;
}

/** The parts of a `route:updated` payload an agent uses. */
export type RouteUpdate = Pick<RoutePayload, 'courierId' | 'version'> & {
  stops: (Pick<RouteStop, 'id' | 'seq' | 'status' | 'lat' | 'lng' | 'serviceSeconds'> &
    Partial<Pick<RouteStop, 'kind'>>)[];
};

export type AgentEvent =
  | MotionEvent
  /** Reached the hub with a parcel coming back (a `returning` stop), to check it in. */
  | { type: 'reached_hub'; stopId: number; atMs: number }
  | { type: 'incident_started'; incident: Incident }
  | { type: 'incident_ended'; incident: Incident }
  | { type: 'world_incident_started'; incident: WorldIncident }
  | { type: 'world_incident_ended'; incident: WorldIncident }
  | { type: 'status_changed'; status: CourierStatus }
  | { type: 'pings_dropped'; count: number };

const MOTORISED: ReadonlySet<Vehicle> = new Set(['scooter', 'car', 'van']);
/** Fixes are not back-filled over gaps longer than this (a suspended laptop, a blocked loop). */
const MAX_CATCH_UP_MS = 60_000;

/**
 * One simulated courier without any I/O: moves along its route, records GPS fixes into an
 * unacknowledged queue and lives through injected incidents. Driven by `tick(nowMs)`.
 */
export class CourierAgent {
  readonly courierId: number;
  readonly vehicle: Vehicle;
  readonly queue: PingQueue;
  readonly motion: CourierMotion;
  readonly incidents: IncidentScheduler;
  /** The world's incidents and their effects, when enabled. */
  readonly world: CourierIncidents | null;
  routeVersion = -1;
  /** What each stop of the route is, to tell a pickup from a delivery when reporting it. */
  private readonly kinds = new Map<number, StopKind>();
  /** The motion ids of the legs back to the hub (a returning stop's id, negated). */
  private readonly backLegs = new Set<number>();
  private readonly rng: Rng;
  private readonly pingIntervalMs: number;
  private readonly cruiseMps: number;
  private readonly speedup: number;
  private readonly seqBase: number;
  private nextSeq: number;
  private nextFixMs: number;
  private clockMs: number;
  private readonly battery: PhoneBattery;
  private lastStatus: CourierStatus;
  private readonly phone: PhonePort | null;
  private readonly onTruth: ((sample: TruthSample) => void) | null;
  /** The legs handed to the motion, before a phone-in-vehicle's door time is put in. */
  private legs: MotionStop[] = [];
  /** The route's open stops in route order, until the courier leaves them. */
  private readonly openStops = new Map<number, MotionStop>();
  /** Where the vehicle was parked at the last step, to see the courier park and pick it up. */
  private lastParkedAt: readonly [number, number] | null = null;
  /** True speed over the cruising speed asked for at the last step, to crawl at a true speed. */
  private streetFactor = 1;
  private lastCruiseMps = 0;

  constructor(options: CourierAgentOptions) {
    this.courierId = options.courierId;
    this.vehicle = options.vehicle;
    this.rng = options.rng;
    this.pingIntervalMs = options.pingIntervalMs ?? 1000;
    this.speedup = options.speedup ?? 1;
    // Each courier has its own pace: ±15% around the vehicle's typical speed.
    this.cruiseMps = VEHICLE_SPEED_MPS[this.vehicle] * this.rng.range(0.85, 1.15);
    this.queue = new PingQueue(options.maxQueuedPings);
    const motorised = MOTORISED.has(this.vehicle);
    this.motion = new CourierMotion({
      network: options.network,
      start: options.start,
      startMs: options.startMs,
      rng: this.rng.fork('motion'),
      roadFactor: motorised ? (f) => f : (f) => Math.min(1, f),
      vehicle: this.vehicle,
      speedup: this.speedup,
      ...(options.traffic
        ? { traffic: options.traffic, behaviour: drawBehaviour(this.rng.fork('behaviour')) }
        : {}),
    });
    this.incidents = new IncidentScheduler(
      this.courierId,
      options.incidentRates ?? NO_INCIDENTS,
      this.rng.fork('incidents'),
      options.startMs,
    );
    this.world = options.worldIncidents
      ? new CourierIncidents(
          this.courierId,
          options.worldIncidents,
          this.rng.fork('world-incidents'),
          options.startMs,
        )
      : null;
    this.phone = options.phone ?? null;
    this.onTruth = options.onTruth ?? null;
    this.seqBase = options.seqBase;
    this.nextSeq = options.seqBase;
    this.clockMs = options.startMs;
    this.nextFixMs = options.startMs + this.rng.range(0, this.pingIntervalMs);
    this.battery = new PhoneBattery(this.rng.range(0.45, 1));
    this.lastStatus = this.status;
  }

  get status(): CourierStatus {
    if (this.motion.mode === 'driving') return 'en_route';
    return this.motion.mode === 'dwelling' ? 'at_stop' : 'idle';
  }

  /** Fixes recorded since the start. */
  get recordedCount(): number {
    return this.nextSeq - this.seqBase;
  }

  /** True during an offline spell: fixes are recorded but must not be sent. */
  get offline(): boolean {
    return this.incidents.active?.kind === 'offline' || (this.world?.silent ?? false);
  }

  /** The kind of a stop of the route, when the server said. */
  stopKind(stopId: number): StopKind | undefined {
    return this.kinds.get(stopId);
  }

  /**
   * Takes a new route from the server; stale versions are ignored. Open stops are driven in
   * order, then any parcel going back to the hub (`returning`: driven to the hub's place, under
   * the stop's id negated, since the stop itself was already visited). A visited stop the route
   * no longer lists is forgotten: if it comes back it is a new attempt.
   */
  setRoute(route: RouteUpdate): void {
    if (route.courierId !== this.courierId || route.version < this.routeVersion) return;
    this.routeVersion = route.version;
    for (const s of route.stops) if (s.kind) this.kinds.set(s.id, s.kind);
    const leg = ({ id, lat, lng, serviceSeconds }: RouteUpdate['stops'][number], sign: number) => ({
      id: sign * id,
      lat,
      lng,
      serviceSeconds,
    });
    const bySeq = [...route.stops].sort((a, b) => a.seq - b.seq);
    const open = bySeq.filter((s) => OPEN_STOP_STATUSES.includes(s.status)).map((s) => leg(s, 1));
    const back = bySeq.filter((s) => s.status === 'returning').map((s) => leg(s, -1));
    this.backLegs.clear();
    for (const b of back) this.backLegs.add(b.id);
    const listed = new Set([...open, ...back].map((s) => s.id));
    for (const id of this.motion.visited) if (!listed.has(id)) this.motion.visited.delete(id);
    this.legs = [...open, ...back];
    this.openStops.clear();
    for (const s of open) if (!this.motion.visited.has(s.id)) this.openStops.set(s.id, s);
    this.motion.setStops(this.motionStops());
  }

  /** The legs for the motion: a stop walked to with the phone left behind takes the door time. */
  private motionStops(): MotionStop[] {
    const walk = this.world?.walkToStop;
    if (!walk) return this.legs;
    return this.legs.map((l) =>
      l.id === walk.stopId ? { ...l, serviceSeconds: walk.doorSeconds } : l,
    );
  }

  /** Advances to `nowMs`: incidents, movement, and one fix per elapsed ping interval. */
  tick(nowMs: number): AgentEvent[] {
    if (nowMs <= this.clockMs) return [];
    const events: AgentEvent[] = [];
    const { started, ended } = this.incidents.update(nowMs, {
      driving: this.motion.mode === 'driving',
    });
    if (ended) events.push({ type: 'incident_ended', incident: ended });
    if (started) events.push({ type: 'incident_started', incident: started });

    if (nowMs - this.nextFixMs > MAX_CATCH_UP_MS) this.nextFixMs = nowMs;
    while (this.nextFixMs <= nowMs) {
      this.updateWorld(this.nextFixMs, events);
      events.push(...this.stopEvents(this.motion.advance(this.nextFixMs, this.currentCruiseMps())));
      const sent = this.recordFix(this.nextFixMs, events) && !this.offline;
      this.observeTruth(this.nextFixMs, sent);
      this.nextFixMs += this.pingIntervalMs;
    }
    events.push(...this.stopEvents(this.motion.advance(nowMs, this.currentCruiseMps())));
    this.battery.drain(nowMs - this.clockMs, this.motion.speedMps > 0);
    this.clockMs = nowMs;

    const status = this.status;
    if (status !== this.lastStatus) {
      this.lastStatus = status;
      events.push({ type: 'status_changed', status });
    }
    return events;
  }

  private currentCruiseMps(): number {
    const incident = this.incidents.active;
    if (incident?.kind === 'stall') return 0;
    const slowdown = incident?.kind === 'slowdown' ? (incident.speedFactor ?? 0.4) : 1;
    const own = this.cruiseMps * slowdown;
    if (!this.world) return own * this.speedup;
    // The street scales whatever cruising speed it is given: a crawl asks for its true speed.
    if (this.lastCruiseMps > 0 && this.motion.speedMps > 0 && !this.motion.walking) {
      this.streetFactor = this.motion.speedMps / this.lastCruiseMps;
    }
    this.lastCruiseMps = this.world.cruiseMps(own, this.streetFactor) * this.speedup;
    return this.lastCruiseMps;
  }

  /**
   * Starts and ends world incidents at one fix step. A phone-in-vehicle can start only as the
   * courier leaves the vehicle parked for a stop, and ends when the courier is back at it.
   */
  private updateWorld(atMs: number, events: AgentEvent[]): void {
    if (!this.world) return;
    const parked = this.motion.parkedAt;
    const justParked = parked !== null && this.lastParkedAt === null;
    if (this.lastParkedAt !== null && parked !== this.lastParkedAt) {
      const back = this.world.backAtVehicle(atMs);
      if (back) events.push({ type: 'world_incident_ended', incident: back });
    }
    this.lastParkedAt = parked;
    const targetId = this.motion.currentStopId;
    const target = targetId === null ? undefined : this.openStops.get(targetId);
    const context = {
      driving: this.motion.mode === 'driving' && !this.motion.walking,
      parkedForStop: justParked && target && parked ? { lat: parked[0], lng: parked[1] } : null,
    };
    const { started, ended } = this.world.update(atMs, context, target ?? null);
    for (const incident of ended) events.push({ type: 'world_incident_ended', incident });
    for (const incident of started) events.push({ type: 'world_incident_started', incident });
    if (started.some((i) => i.kind === 'phone_in_vehicle'))
      this.motion.setStops(this.motionStops());
  }

  /** The courier's true state at this step, for the ground truth. */
  private observeTruth(atMs: number, sending: boolean): void {
    if (!this.onTruth) return;
    const next = this.openStops.values().next();
    this.onTruth({
      atMs,
      lat: this.motion.lat,
      lng: this.motion.lng,
      serving: this.motion.mode === 'dwelling',
      nextStop: next.done ? null : { lat: next.value.lat, lng: next.value.lng },
      sending,
    });
  }

  /** Records the phone's fix for this step; false when it records none (off, or no fix). */
  private recordFix(atMs: number, events: AgentEvent[]): boolean {
    if (this.world?.phoneOff) return false;
    const left = this.world?.phoneLeftAt ?? null;
    const truth = {
      lat: left?.lat ?? this.motion.lat,
      lng: left?.lng ?? this.motion.lng,
      speedMps: left ? 0 : this.motion.speedMps,
      headingDeg: this.motion.headingDeg,
      atMs,
    };
    const reading = this.phone ? this.phone.fix(truth) : plainFix(truth, this.rng);
    if (!reading) return false;
    const dropped = this.queue.push(pingOf(this.nextSeq++, atMs, reading, this.battery.level));
    if (dropped > 0) events.push({ type: 'pings_dropped', count: dropped });
    return true;
  }

  /** Motion at a leg back to the hub is reaching the hub, and leaving it is nothing. */
  private stopEvents(events: MotionEvent[]): AgentEvent[] {
    for (const e of events) if (e.type === 'departed') this.openStops.delete(e.stopId);
    return events.flatMap((e): AgentEvent[] => {
      if (e.type === 'route_done' || !this.backLegs.has(e.stopId)) return [e];
      return e.type === 'arrived' ? [{ type: 'reached_hub', stopId: -e.stopId, atMs: e.atMs }] : [];
    });
  }
}
