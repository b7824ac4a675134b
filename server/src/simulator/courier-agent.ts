import {
  OPEN_STOP_STATUSES,
  VEHICLE_SPEED_MPS,
  type CourierStatus,
  type Ping,
  type RoutePayload,
  type RouteStop,
  type StopKind,
  type Vehicle,
} from '@dispatch/shared';
import { clamp, noisyPosition, round } from './gps-fix';
import { IncidentScheduler, NO_INCIDENTS, type Incident, type IncidentRates } from './incidents';
import { CourierMotion, type MotionEvent } from './motion';
import { PingQueue } from './ping-queue';
import type { Rng } from '../lib/rng';
import type { SpeedField } from './speed-field';
import type { StreetNetwork } from '../streets/network';

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
  /** Slow zones and rush hours applied while driving; none when absent. */
  speedField?: SpeedField;
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
  private batteryLevel: number;
  private charging = false;
  private lastStatus: CourierStatus;

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
      speedField: options.speedField,
    });
    this.incidents = new IncidentScheduler(
      this.courierId,
      options.incidentRates ?? NO_INCIDENTS,
      this.rng.fork('incidents'),
      options.startMs,
    );
    this.seqBase = options.seqBase;
    this.nextSeq = options.seqBase;
    this.clockMs = options.startMs;
    this.nextFixMs = options.startMs + this.rng.range(0, this.pingIntervalMs);
    this.batteryLevel = this.rng.range(0.45, 1);
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
    return this.incidents.active?.kind === 'offline';
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
    this.motion.setStops([...open, ...back]);
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
      events.push(...this.stopEvents(this.motion.advance(this.nextFixMs, this.currentCruiseMps())));
      this.recordFix(this.nextFixMs, events);
      this.nextFixMs += this.pingIntervalMs;
    }
    events.push(...this.stopEvents(this.motion.advance(nowMs, this.currentCruiseMps())));
    this.drainBattery(nowMs - this.clockMs);
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
    return this.cruiseMps * this.speedup * slowdown;
  }

  private recordFix(atMs: number, events: AgentEvent[]): void {
    const { lat, lng, accuracyMeters } = noisyPosition(this.motion.lat, this.motion.lng, this.rng);
    const moving = this.motion.speedMps > 0;
    const ping: Ping = {
      seq: this.nextSeq++,
      t: Math.round(atMs),
      lat: round(lat, 7),
      lng: round(lng, 7),
      acc: round(accuracyMeters, 1),
      spd: moving ? round(clamp(this.motion.speedMps + this.rng.normal(0, 0.3), 0, 150), 2) : 0,
      hdg: round(this.motion.headingDeg, 1) % 360,
      bat: round(this.batteryLevel, 2),
    };
    const dropped = this.queue.push(ping);
    if (dropped > 0) events.push({ type: 'pings_dropped', count: dropped });
  }

  /** Drains about 8%/h on the move and 3%/h standing; plugs in to charge when nearly flat. */
  /** Motion at a leg back to the hub is reaching the hub, and leaving it is nothing. */
  private stopEvents(events: MotionEvent[]): AgentEvent[] {
    return events.flatMap((e): AgentEvent[] => {
      if (e.type === 'route_done' || !this.backLegs.has(e.stopId)) return [e];
      return e.type === 'arrived' ? [{ type: 'reached_hub', stopId: -e.stopId, atMs: e.atMs }] : [];
    });
  }

  private drainBattery(elapsedMs: number): void {
    const hours = elapsedMs / 3_600_000;
    if (this.charging) {
      this.batteryLevel = Math.min(1, this.batteryLevel + 0.6 * hours);
      if (this.batteryLevel >= 0.95) this.charging = false;
    } else {
      this.batteryLevel -= (this.motion.speedMps > 0 ? 0.08 : 0.03) * hours;
      if (this.batteryLevel <= 0.1) this.charging = true;
    }
    this.batteryLevel = clamp(this.batteryLevel, 0, 1);
  }
}
