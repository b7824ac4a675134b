import {
  isRetryable,
  PING_LIMITS,
  PROTOCOL_VERSION,
  type CourierClientToServer,
  type CourierServerToClient,
  type CourierStatus,
  type ErrorCode,
  type Ping,
  type PingAck,
  type StopCheckInReport,
  type StopVisitReport,
  type Ack,
} from '@dispatch/shared';
import { io, type Socket } from 'socket.io-client';
import { routePayloadValidator } from './api-schemas';
import type { CourierAgent } from './courier-agent';
import type { Rng } from '../lib/rng';

/** Counters shared by every link of a fleet. */
export interface LinkCounters {
  pingsSent: number;
  pingsAcked: number;
  batchesRetried: number;
  batchesRejected: number;
}

export interface CourierLinkOptions {
  serverUrl: string;
  token: string;
  agent: CourierAgent;
  batchMs: number;
  counters: LinkCounters;
  rng: Rng;
  now: () => number;
  /** Reports a problem worth a log line; the fleet dedupes them across couriers. */
  report: (problem: string) => void;
  ackTimeoutMs?: number;
}

/** A report on a stop of the route, kept until the server answers. */
export type StopReport =
  | {
      event: 'stop:en_route' | 'stop:arrived' | 'stop:delivered' | 'stop:failed';
      report: StopVisitReport;
    }
  | { event: 'stop:returned'; report: StopCheckInReport };

const MAX_BACKOFF_MS = 30_000;
/** A stop visit the server could not take yet is sent again after this long. */
const VISIT_RETRY_MS = 5000;
/** Stay under the server's message limit with room for the envelope. */
const MAX_BATCH_JSON_BYTES = PING_LIMITS.maxBatchBytes * 0.9;

/**
 * A courier's phone connection: a socket.io client on `/courier` that sends the agent's queued
 * fixes in batches, one batch in flight at a time, and drops them only once acknowledged.
 */
export class CourierLink {
  private readonly socket: Socket<CourierServerToClient, CourierClientToServer>;
  private readonly options: CourierLinkOptions;
  private readonly ackTimeoutMs: number;
  private inFlight = false;
  /** Bumped on every disconnect so a late ack does not touch the new connection's state. */
  private epoch = 0;
  private nextFlushMs: number;
  private backoffMs = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private wantOnline = false;
  private closed = false;
  private settleWaiters: (() => void)[] = [];
  private readonly visits: StopReport[] = [];
  private visitInFlight = false;
  private visitRetry: NodeJS.Timeout | null = null;

  constructor(options: CourierLinkOptions) {
    this.options = options;
    this.ackTimeoutMs = options.ackTimeoutMs ?? 10_000;
    // A random phase spreads the fleet's batches over the batch interval.
    this.nextFlushMs = options.now() + options.rng.range(0, options.batchMs);
    this.socket = io(`${options.serverUrl}/courier`, {
      auth: { token: options.token, protocol: PROTOCOL_VERSION },
      transports: ['websocket'],
      autoConnect: false,
      reconnectionDelay: 1000,
      reconnectionDelayMax: 10_000,
    });
    this.socket.on('connect', () => {
      this.backoffMs = 0;
      this.nextFlushMs = this.options.now(); // resend what was queued while away, oldest first
      this.sendStatus(this.options.agent.status);
      this.visitInFlight = false;
      this.flushVisits();
    });
    this.socket.on('disconnect', (reason) => {
      this.epoch++;
      this.setInFlight(false);
      // A server-side disconnect is final for socket.io; a phone would dial again.
      if (reason === 'io server disconnect') this.scheduleReconnect();
    });
    this.socket.on('connect_error', (err) => {
      // `active` false: the server refused the handshake and socket.io will not retry by itself.
      if (!this.socket.active) {
        this.options.report(`connection refused: ${err.message}`);
        this.scheduleReconnect();
      }
    });
    this.socket.on('route:updated', (payload) => {
      const parsed = routePayloadValidator.parse(payload);
      if (parsed.ok) this.options.agent.setRoute(parsed.value);
      else this.options.report(`ignored a malformed route:updated: ${parsed.error.message}`);
    });
  }

  get connected(): boolean {
    return this.socket.connected;
  }

  connect(): void {
    this.wantOnline = true;
    if (!this.closed) this.socket.connect();
  }

  /** An offline spell: the phone loses its connection but keeps recording. */
  goOffline(): void {
    this.wantOnline = false;
    this.clearReconnect();
    this.socket.disconnect();
  }

  goOnline(): void {
    this.connect();
  }

  /** Sends the next batch when one is due, the socket is up and no batch awaits its ack. */
  maybeFlush(nowMs: number, force = false): void {
    if (this.closed || this.inFlight || !this.socket.connected || this.options.agent.offline)
      return;
    if (!force && nowMs < this.nextFlushMs) return;
    const pings = this.nextBatch();
    if (pings.length === 0) {
      this.nextFlushMs = nowMs + this.options.batchMs;
      return;
    }
    const epoch = this.epoch;
    const lastSeq = pings[pings.length - 1]!.seq;
    this.setInFlight(true);
    this.options.counters.pingsSent += pings.length;
    this.socket
      .timeout(this.ackTimeoutMs)
      .emit('pings', { pings }, (err: Error | null, res: PingAck) => {
        if (!err && res?.ok && typeof res.upTo === 'number') {
          // Acks are cumulative facts about the server's store: apply them even if late.
          this.options.counters.pingsAcked += this.options.agent.queue.ackUpTo(res.upTo);
        }
        if (epoch !== this.epoch) return;
        this.setInFlight(false);
        const now = this.options.now();
        if (err || !res) return this.backOff(now); // no ack in time: keep the fixes, try again later
        if (res.ok) {
          this.backoffMs = 0;
          const backlog = this.options.agent.queue.size >= PING_LIMITS.maxPingsPerBatch;
          this.nextFlushMs = backlog ? now : now + this.options.batchMs;
          return;
        }
        const code: ErrorCode | undefined = res.error?.code;
        if (code && isRetryable(code)) return this.backOff(now);
        // Anything else is a bug on one side, not a transient: log it and drop the batch.
        this.options.report(`batch refused (${code ?? 'no code'}): ${res.error?.message ?? ''}`);
        this.options.counters.batchesRejected++;
        this.options.agent.queue.ackUpTo(lastSeq);
        this.nextFlushMs = now + this.options.batchMs;
      });
  }

  /** Tells the server what the courier is doing; best effort. */
  sendStatus(status: CourierStatus): void {
    if (!this.socket.connected) return;
    this.socket.timeout(5000).emit('status', { status }, () => {});
  }

  /**
   * Reports a stop visit (or a parcel checked in at the hub). Kept until the server answers, and
   * sent again after a reconnect, so a delivery made in a tunnel is not lost.
   */
  reportStop(visit: StopReport): void {
    this.visits.push(visit);
    this.flushVisits();
  }

  private flushVisits(): void {
    if (!this.socket.connected || this.visitInFlight || this.visits.length === 0) return;
    const next = this.visits[0]!;
    this.visitInFlight = true;
    const timed = this.socket.timeout(10_000);
    // Every stop report is answered with the same plain ack.
    const emit = timed.emit.bind(timed) as (
      event: StopReport['event'],
      report: StopReport['report'],
      ack: (err: Error | null, res?: Ack) => void,
    ) => void;
    emit(next.event, next.report, (err, res) => {
      this.visitInFlight = false;
      // Retry on a timeout or a retryable refusal; anything else (already delivered, not ours) is final.
      const retry = err !== null || (res && !res.ok && isRetryable(res.error.code));
      if (retry) {
        // Sent again a little later, not only at the next visit or reconnect.
        this.visitRetry ??= setTimeout(() => {
          this.visitRetry = null;
          this.flushVisits();
        }, VISIT_RETRY_MS);
        return;
      }
      if (res && !res.ok && res.error.code !== 'conflict') {
        this.options.report(`${next.event} refused (${res.error.code}): ${res.error.message}`);
      }
      this.visits.shift();
      this.flushVisits();
    });
  }

  /** Resolves once no batch awaits an ack. */
  whenSettled(): Promise<void> {
    if (!this.inFlight) return Promise.resolve();
    return new Promise((resolve) => this.settleWaiters.push(resolve));
  }

  close(): void {
    this.closed = true;
    this.clearReconnect();
    if (this.visitRetry) clearTimeout(this.visitRetry);
    this.socket.disconnect();
    this.setInFlight(false);
  }

  private nextBatch(): Ping[] {
    let pings = this.options.agent.queue.oldest(PING_LIMITS.maxPingsPerBatch);
    // Only long batches can come near the byte limit; measure those.
    while (pings.length > 100 && JSON.stringify(pings).length > MAX_BATCH_JSON_BYTES) {
      pings = pings.slice(0, Math.floor(pings.length / 2));
    }
    return pings;
  }

  private backOff(nowMs: number): void {
    this.options.counters.batchesRetried++;
    this.backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(this.options.batchMs, this.backoffMs * 2));
    this.nextFlushMs = nowMs + this.backoffMs * this.options.rng.range(0.75, 1.25);
  }

  private scheduleReconnect(): void {
    if (this.closed || !this.wantOnline || this.reconnectTimer) return;
    this.backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(2000, this.backoffMs * 2));
    const delayMs = this.backoffMs * this.options.rng.range(0.75, 1.25);
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = null;
      if (!this.closed && this.wantOnline) this.socket.connect();
    }, delayMs);
  }

  private clearReconnect(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
  }

  private setInFlight(value: boolean): void {
    this.inFlight = value;
    if (value) return;
    const waiters = this.settleWaiters;
    this.settleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
