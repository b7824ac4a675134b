import type { Vehicle } from '@dispatch/shared';
import { fixFromPing } from '../../../server/src/detect/fix-from-ping';
import type { MotionFix } from '../../../server/src/detect/types';
import {
  CourierAgent,
  type AgentEvent,
  type RouteUpdate,
} from '../../../server/src/simulator/courier-agent';
import type { MotionEvent } from '../../../server/src/simulator/motion';
import type { Rng } from '../../../server/src/lib/rng';
import type { Traffic } from '../../../server/src/simulator/world/types';
import type { StreetNetwork } from '../../../server/src/streets/network';
import type { Hold } from './holds';
import type { DayStop } from './scenario';

/** Where a stop of the day stands. */
export interface SimStop extends DayStop {
  status: 'assigned' | 'arrived' | 'delivered';
  courierId: number;
  /** Epoch ms the courier got there. */
  arrivedAt: number | null;
  /** Epoch ms the courier left, service (and any wait for the window to open) done. */
  deliveredAt: number | null;
}

/** What one courier's step produced. */
export interface CourierStep {
  /** Fixes its phone delivered (none while broken down). */
  fixes: MotionFix[];
  /** Its open stops changed: one arrived or was delivered. */
  routeChanged: boolean;
}

export interface SimCourierOptions {
  id: number;
  vehicle: Vehicle;
  network: StreetNetwork;
  /** The world's traffic; plain speeds along the fastest paths when null. */
  traffic: Traffic | null;
  start: { lat: number; lng: number };
  startMs: number;
  rng: Rng;
  pingIntervalMs: number;
  holds: readonly Hold[];
}

/** GPS scatter of a phone lying still, metres (one standard deviation). */
const STANDING_NOISE_METERS = 4;
const STANDING_ACCURACY_METERS = 8;
const METERS_PER_DEG_LAT = 111_320;

/**
 * One courier of the simulated day: a simulator agent driving its open stops in order, plus
 * what the agent does not model. It waits for a stop's window to open when early (served,
 * then standing at the door until the window start plus the service, where the routing core
 * puts the departure, whatever holds it meanwhile), and it sits out its holds: motion frozen,
 * the phone reporting the same place through a stall and nothing through a breakdown.
 */
export class SimCourier {
  readonly id: number;
  readonly vehicle: Vehicle;
  readonly agent: CourierAgent;
  /** Open stop ids in visiting order; a stop being served comes first. */
  route: number[] = [];
  private readonly holds: readonly Hold[];
  private readonly rng: Rng;
  private readonly pingIntervalMs: number;
  /**
   * The stop served early whose window the courier waits for, and when it leaves (the window
   * start plus the service, where the routing core puts the departure). The wait is kept here,
   * not handed to the agent as a stop: a stop at the same door is a new leg in the world's
   * traffic (back to the vehicle, park, walk), and a hold would push a wait timed from its start.
   */
  private wait: { stopId: number; untilMs: number } | null = null;
  private version = 0;
  private nextStandingFixMs = 0;

  constructor(options: SimCourierOptions) {
    this.id = options.id;
    this.vehicle = options.vehicle;
    this.rng = options.rng;
    this.pingIntervalMs = options.pingIntervalMs;
    this.holds = [...options.holds].sort((a, b) => a.fromMs - b.fromMs);
    this.agent = new CourierAgent({
      courierId: options.id,
      vehicle: options.vehicle,
      network: options.network,
      start: options.start,
      startMs: options.startMs,
      seqBase: 1,
      rng: options.rng.fork('agent'),
      pingIntervalMs: options.pingIntervalMs,
      ...(options.traffic ? { traffic: options.traffic } : {}),
    });
  }

  /**
   * The courier's own cruising speed, m/s: the agent draws it once (±15 % around the vehicle's
   * typical speed) and keeps it to itself; a plan that knows the world drives each courier at it.
   */
  get cruiseMps(): number {
    // The agent keeps its pace to itself: read through the index escape.
    return this.agent['cruiseMps'];
  }

  /** The hold under way at an instant, if any. */
  holdAt(nowMs: number): Hold | null {
    return this.holds.find((h) => h.fromMs <= nowMs && nowMs < h.toMs) ?? null;
  }

  /** Replaces the open stops and tells the agent. */
  setRoute(stopIds: readonly number[], stops: ReadonlyMap<number, SimStop>): void {
    this.route = [...stopIds];
    this.sendRoute(stops);
  }

  /** Moves the courier to `nowMs`, serving stops on the way. */
  step(nowMs: number, stops: Map<number, SimStop>): CourierStep {
    const fixes: MotionFix[] = [];
    let routeChanged = false;
    if (this.wait && this.wait.untilMs <= nowMs) {
      // The wait ends within this step: leave the door at that very instant.
      this.moveTo(this.wait.untilMs, stops, fixes);
      this.leaveDoor(stops);
      routeChanged = true;
    }
    routeChanged = this.moveTo(nowMs, stops, fixes) || routeChanged;
    return { fixes, routeChanged };
  }

  /** Moves the agent to `toMs` (frozen through a hold); true when its open stops changed. */
  private moveTo(toMs: number, stops: Map<number, SimStop>, fixes: MotionFix[]): boolean {
    const hold = this.holdAt(toMs);
    let events: (AgentEvent | MotionEvent)[];
    if (hold) {
      // Frozen: a dwell under way still ends, and the next leg starts but does not move.
      events = this.agent.motion.advance(toMs, 0);
      if (hold.kind === 'stall') fixes.push(...this.standingFixes(toMs));
    } else {
      events = this.agent.tick(toMs);
      const pings = this.agent.queue.oldest(this.agent.queue.size);
      if (pings.length > 0) this.agent.queue.ackUpTo(pings[pings.length - 1]!.seq);
      fixes.push(...pings.map(fixFromPing));
      this.nextStandingFixMs = toMs + this.pingIntervalMs;
    }
    let routeChanged = false;
    for (const event of events) {
      if (event.type === 'arrived') routeChanged = this.arrived(event, stops) || routeChanged;
      else if (event.type === 'departed')
        routeChanged = this.departed(event, stops) || routeChanged;
    }
    return routeChanged;
  }

  /** The wait at the door is over: the stop is done and the rest of the route goes to the agent. */
  private leaveDoor(stops: Map<number, SimStop>): void {
    const { stopId, untilMs } = this.wait!;
    this.wait = null;
    const stop = stops.get(stopId)!;
    stop.status = 'delivered';
    stop.deliveredAt = untilMs;
    this.route = this.route.filter((id) => id !== stopId);
    this.sendRoute(stops);
  }

  private arrived(event: { stopId: number; atMs: number }, stops: Map<number, SimStop>): boolean {
    const stop = stops.get(event.stopId);
    if (!stop || stop.courierId !== this.id || stop.status !== 'assigned') {
      throw new Error(`courier ${this.id} arrived at stop ${event.stopId}, not on its route`);
    }
    stop.status = 'arrived';
    stop.arrivedAt = event.atMs;
    // The stop being served leads the route.
    this.route = [stop.id, ...this.route.filter((id) => id !== stop.id)];
    if (event.atMs < stop.windowStart) {
      this.wait = { stopId: stop.id, untilMs: stop.windowStart + stop.serviceSeconds * 1000 };
      this.sendRoute(stops);
    }
    return true;
  }

  private departed(event: { stopId: number; atMs: number }, stops: Map<number, SimStop>): boolean {
    const { stopId } = event;
    if (this.wait?.stopId === stopId) return false; // served; now waits at the door
    const stop = stops.get(stopId)!;
    stop.status = 'delivered';
    stop.deliveredAt = event.atMs;
    this.route = this.route.filter((id) => id !== stopId);
    return true;
  }

  /**
   * The agent's route: the open stops; only the stop being served while the courier waits at
   * its door, so that the agent stays there until `leaveDoor` hands it the rest.
   */
  private sendRoute(stops: ReadonlyMap<number, SimStop>): void {
    const ids = this.wait ? [this.wait.stopId] : this.route;
    const update: RouteUpdate['stops'] = ids.map((id, i) => {
      const { lat, lng, serviceSeconds } = stops.get(id)!;
      return { id, seq: i + 1, status: 'assigned', lat, lng, serviceSeconds };
    });
    this.version++;
    this.agent.setRoute({ courierId: this.id, version: this.version, stops: update });
  }

  /** Fixes of a phone lying still where the courier is held, one per ping interval. */
  private standingFixes(nowMs: number): MotionFix[] {
    const fixes: MotionFix[] = [];
    const { lat, lng } = this.agent.motion;
    const metersPerDegLng = METERS_PER_DEG_LAT * Math.cos((lat * Math.PI) / 180);
    for (; this.nextStandingFixMs <= nowMs; this.nextStandingFixMs += this.pingIntervalMs) {
      fixes.push({
        t: this.nextStandingFixMs,
        lat: lat + this.rng.normal(0, STANDING_NOISE_METERS) / METERS_PER_DEG_LAT,
        lng: lng + this.rng.normal(0, STANDING_NOISE_METERS) / metersPerDegLng,
        accuracyMeters: STANDING_ACCURACY_METERS,
      });
    }
    return fixes;
  }
}
