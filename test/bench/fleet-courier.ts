import { OPEN_STOP_STATUSES, type Ack, type Ping, type RoutePayload } from '@dispatch/shared';
import type { Rng } from '../../server/src/lib/rng';
import { CourierMotion, type MotionStop } from '../../server/src/simulator/motion';
import type { StreetNetwork } from '../../server/src/streets/network';
import { offsetDegrees } from './detect-fleet';
import type { FleetDevice } from './fleet-messages';
import type { CourierSocket } from './load-channels';

/** Where a courier's sends end up: ack latencies and refusals, counted by the load process. */
export interface CourierOutcomes {
  /** A ping batch was emitted (its answer comes to `batch`). */
  sent(): void;
  /**
   * A ping batch emitted at `sentAt` (epoch ms) was answered after `latencyMs`: `null` when it
   * was stored, else the error code (`timeout` when no answer came).
   */
  batch(sentAt: number, latencyMs: number, failure: string | null): void;
  visit(failure: string | null): void;
}

type VisitEvent = 'stop:en_route' | 'stop:arrived' | 'stop:delivered';

const GPS_NOISE_M = 4;
const BATTERY = 0.8;

/** `null` for an ok ack, else its error code, or `timeout` when none came. */
function failureOf(err: Error | null, ack: Ack | undefined): string | null {
  if (err || !ack) return 'timeout';
  return ack.ok ? null : ack.error.code;
}

/** Open stops of a pushed route, in order, as the motion model drives them. */
function stopsToDrive(route: RoutePayload): MotionStop[] {
  return route.stops
    .filter((s) => OPEN_STOP_STATUSES.includes(s.status))
    .map((s) => ({ id: s.id, lat: s.lat, lng: s.lng, serviceSeconds: s.serviceSeconds }));
}

/**
 * One courier's phone on the real server: drives the route the server pushes (`route:updated`)
 * along the streets with the simulator's motion model, reports its visits, and sends one fix per
 * `step`. It can be made to stand still (stalled) or to go silent (offline) until a given time;
 * a silent phone keeps its visit reports until it is back. With `setsOff`, it also reports
 * `stop:en_route` for the next stop of a route as soon as it has one, as a courier leaving the
 * hub does (which puts the whole route out for delivery).
 */
export class BenchCourier {
  private readonly motion: CourierMotion;
  private seq = 0;
  private silentUntilMs = 0;
  private stalledUntilMs = 0;
  private readonly heldVisits: { event: VisitEvent; stopId: number; t: number }[] = [];
  private readonly setOffFor = new Set<number>();

  constructor(
    private readonly socket: CourierSocket,
    private readonly device: FleetDevice,
    network: StreetNetwork,
    private readonly rng: Rng,
    private readonly ackTimeoutMs: number,
    nowMs: number,
    setsOff = false,
  ) {
    this.motion = new CourierMotion({
      network,
      start: { lat: device.lat, lng: device.lng },
      startMs: nowMs,
      rng,
    });
    socket.on('route:updated', (route) => {
      this.motion.setStops(stopsToDrive(route));
      if (setsOff) this.setOff(route);
    });
  }

  /** Reports the route's next stop en route once, while it is only assigned. */
  private setOff(route: RoutePayload): void {
    const next = route.stops.find((s) => OPEN_STOP_STATUSES.includes(s.status));
    if (!next || next.status !== 'assigned' || this.setOffFor.has(next.id)) return;
    this.setOffFor.add(next.id);
    this.heldVisits.push({ event: 'stop:en_route', stopId: next.id, t: Date.now() });
  }

  /** Whether the courier is free for a new incident (not silent or standing still). */
  isNormal(nowMs: number): boolean {
    return nowMs >= this.silentUntilMs && nowMs >= this.stalledUntilMs;
  }

  silenceUntil(ms: number): void {
    this.silentUntilMs = ms;
  }

  stallUntil(ms: number): void {
    this.stalledUntilMs = ms;
  }

  /** Moves on to `nowMs`, reports visits, and sends a one-fix batch unless silent. */
  step(nowMs: number, outcomes: CourierOutcomes): void {
    const speed = nowMs < this.stalledUntilMs ? 0 : this.device.speedMps;
    for (const e of this.motion.advance(nowMs, speed)) {
      if (e.type === 'arrived')
        this.heldVisits.push({ event: 'stop:arrived', stopId: e.stopId, t: e.atMs });
      if (e.type === 'departed')
        this.heldVisits.push({ event: 'stop:delivered', stopId: e.stopId, t: e.atMs });
    }
    if (nowMs < this.silentUntilMs) return;
    for (const v of this.heldVisits.splice(0)) {
      this.socket
        .timeout(this.ackTimeoutMs)
        .emit(v.event, { stopId: v.stopId, t: Math.round(v.t) }, (err, ack) =>
          outcomes.visit(failureOf(err, ack)),
        );
    }
    const ping = this.fix(nowMs);
    outcomes.sent();
    const started = performance.now();
    this.socket.timeout(this.ackTimeoutMs).emit('pings', { pings: [ping] }, (err, ack) => {
      outcomes.batch(nowMs, performance.now() - started, failureOf(err, ack));
    });
  }

  close(): void {
    this.socket.disconnect();
  }

  /** The phone's fix at `t`: the courier's position with a few metres of GPS noise. */
  private fix(t: number): Ping {
    const m = this.motion;
    const noise = offsetDegrees(
      m,
      this.rng.normal(0, GPS_NOISE_M),
      this.rng.normal(0, GPS_NOISE_M),
    );
    return {
      seq: ++this.seq,
      t,
      lat: Math.round((m.lat + noise.dLat) * 1e6) / 1e6,
      lng: Math.round((m.lng + noise.dLng) * 1e6) / 1e6,
      acc: 5 + Math.round(this.rng.float() * 7),
      spd: Math.round(m.speedMps * 10) / 10,
      hdg: Math.round((m.headingDeg + 360) % 360),
      bat: BATTERY,
    };
  }
}
