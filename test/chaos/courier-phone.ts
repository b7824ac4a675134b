import { io, type Socket } from 'socket.io-client';
import {
  NAMESPACES,
  PROTOCOL_VERSION,
  type Ack,
  type CourierClientToServer,
  type CourierServerToClient,
  type Ping,
  type PingAck,
  type RoutePayload,
  type StopVisitReport,
} from '@dispatch/shared';
import type { Rng } from '../../server/src/lib/rng';
import type { ChaosWorld } from './console-user';

type VisitEvent = 'stop:arrived' | 'stop:delivered' | 'stop:failed';

/** A stop action as the phone queued it: resent with the same `actionId` until answered. */
export interface QueuedAction {
  event: VisitEvent;
  report: StopVisitReport & { actionId: string };
}

/** A stop action the server answered: applied (`ok`) or refused with a code it keeps. */
export interface AnsweredAction extends QueuedAction {
  courierId: number;
  ok: boolean;
  code: string | null;
  /** When the answer came (epoch ms). */
  answeredAt: number;
}

/** Codes after which a device keeps its data and sends it again. */
const RETRYABLE = new Set(['unavailable', 'overloaded', 'internal', 'rate_limited', 'timeout']);

const PINGS_PER_BATCH_MAX = 200;

const STATUS_AFTER = {
  'stop:arrived': 'arrived',
  'stop:delivered': 'delivered',
  'stop:failed': 'failed',
} as const;

/**
 * A courier's phone against the real server, as the app behaves: it records a fix per tick into
 * an outbox and sends the outbox in batches, dropping pings only once acked; stop actions go one
 * at a time with an idempotency key and are resent with that key until the server answers for
 * good. It reconnects by itself (the server keeps its port across restarts). Everything the
 * server acknowledged is kept here for the checks.
 */
export class CourierPhone {
  /** Sequence numbers the server acknowledged as stored. */
  readonly ackedSeqs = new Set<number>();
  /** Ping ack outcomes by code (`ok`, `overloaded`, `unavailable`, `timeout`, ...). */
  readonly pingAnswers = new Map<string, number>();
  readonly answeredActions: AnsweredAction[] = [];
  private readonly outbox: Ping[] = [];
  private readonly actions: QueuedAction[] = [];
  private readonly socket: Socket<CourierServerToClient, CourierClientToServer>;
  private route: RoutePayload | null = null;
  private seq = 0;
  private sendingPings = false;
  private sendingAction = false;
  private actionCount = 0;
  private position: { lat: number; lng: number };
  private readonly done = new Set<string>();

  constructor(
    url: string,
    readonly courierId: number,
    token: string,
    start: { lat: number; lng: number },
    private readonly rng: Rng,
    private readonly options: { ackTimeoutMs: number; actionChance: number },
  ) {
    this.position = { ...start };
    this.socket = io(url + NAMESPACES.courier, {
      auth: { token, protocol: PROTOCOL_VERSION },
      transports: ['websocket'],
      reconnectionDelay: 200,
      reconnectionDelayMax: 1000,
      forceNew: true,
    });
    this.socket.on('route:updated', (route) => {
      if (!this.route || route.version >= this.route.version) this.route = route;
    });
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  /** Pings recorded but not acknowledged yet. */
  get unacked(): number {
    return this.outbox.length;
  }

  /** Records one fix and sends what is waiting; now and then reports on a stop. */
  tick(now = Date.now()): void {
    this.position = {
      lat: this.position.lat + this.rng.range(-1, 1) * 2e-4,
      lng: this.position.lng + this.rng.range(-1, 1) * 2e-4,
    };
    this.outbox.push({
      seq: this.seq++,
      t: now,
      ...this.position,
      acc: 5,
      spd: 4,
      hdg: 90,
      bat: 0.8,
    });
    void this.sendPings();
    if (this.actions.length === 0 && this.rng.chance(this.options.actionChance)) this.nextAction();
    void this.sendAction();
  }

  /** Sends the oldest waiting pings; one batch in flight at a time, like the app. */
  async sendPings(): Promise<void> {
    if (this.sendingPings || !this.socket.connected || this.outbox.length === 0) return;
    this.sendingPings = true;
    const batch = this.outbox.slice(0, PINGS_PER_BATCH_MAX);
    let answer: PingAck | null;
    try {
      answer = await this.socket
        .timeout(this.options.ackTimeoutMs)
        .emitWithAck('pings', { pings: batch });
    } catch {
      answer = null;
    } finally {
      this.sendingPings = false;
    }
    const code = answer === null ? 'timeout' : answer.ok ? 'ok' : answer.error.code;
    this.pingAnswers.set(code, (this.pingAnswers.get(code) ?? 0) + 1);
    if (answer?.ok) {
      for (const p of batch) this.ackedSeqs.add(p.seq);
      const sent = new Set(batch.map((p) => p.seq));
      const keep = this.outbox.filter((p) => !sent.has(p.seq));
      this.outbox.length = 0;
      this.outbox.push(...keep);
    }
  }

  /** Queues a report on the first open stop of the route: arrival, then delivery or failure. */
  private nextAction(): void {
    const stop = this.route?.stops.find(
      (s) =>
        (s.status === 'assigned' || s.status === 'en_route' || s.status === 'arrived') &&
        !this.done.has(`${s.id}:${s.status}`),
    );
    if (!stop) return;
    this.done.add(`${stop.id}:${stop.status}`);
    const event: VisitEvent =
      stop.status !== 'arrived'
        ? 'stop:arrived'
        : this.rng.chance(0.8)
          ? 'stop:delivered'
          : 'stop:failed';
    const actionId = `c${this.courierId}-a${this.actionCount++}-${event.slice(5)}`;
    this.actions.push({
      event,
      report: {
        stopId: stop.id,
        t: Date.now(),
        actionId,
        ...(event === 'stop:failed' ? { reasonCode: 'not_home' as const } : {}),
      },
    });
  }

  /** Sends the queued stop action (again, with the same key, after a retryable answer). */
  private async sendAction(): Promise<void> {
    const action = this.actions[0];
    if (this.sendingAction || !action || !this.socket.connected) return;
    this.sendingAction = true;
    let answer: Ack | null;
    try {
      answer = await this.socket
        .timeout(this.options.ackTimeoutMs)
        .emitWithAck(action.event, action.report);
    } catch {
      answer = null;
    } finally {
      this.sendingAction = false;
    }
    const code = answer === null ? 'timeout' : answer.ok ? null : answer.error.code;
    if (code !== null && RETRYABLE.has(code)) return;
    this.actions.shift();
    this.answeredActions.push({
      ...action,
      courierId: this.courierId,
      ok: code === null,
      code,
      answeredAt: Date.now(),
    });
    const stop = this.route?.stops.find((s) => s.id === action.report.stopId);
    if (stop && code === null) stop.status = STATUS_AFTER[action.event];
  }

  /**
   * Sends one answered action again with its key, as a phone whose ack was lost would; the
   * answer must be what it was the first time.
   */
  async resend(action: AnsweredAction): Promise<Ack | null> {
    try {
      return await this.socket
        .timeout(this.options.ackTimeoutMs)
        .emitWithAck(action.event, action.report);
    } catch {
      return null;
    }
  }

  /** Sends everything still waiting until the outbox is empty or `deadline` (epoch ms) passes. */
  async flush(deadline: number): Promise<void> {
    while ((this.outbox.length > 0 || this.actions.length > 0) && Date.now() < deadline) {
      await this.sendPings();
      await this.sendAction();
      if (this.outbox.length > 0 || this.actions.length > 0)
        await new Promise((r) => setTimeout(r, 100));
    }
  }

  close(): void {
    this.socket.disconnect();
  }
}

/** A phone for each courier of `world` against the server at `url`, each moving by its own seed. */
export function phonesFor(
  world: ChaosWorld,
  url: string,
  rng: Rng,
  options: { ackTimeoutMs: number; actionChance: number },
): CourierPhone[] {
  return world.couriers.map(
    (c) =>
      new CourierPhone(url, c.id, c.deviceToken, world.hub, rng.fork(`phone ${c.id}`), options),
  );
}
