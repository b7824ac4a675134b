import { setTimeout as delay } from 'node:timers/promises';
import {
  isRetryable,
  NAMESPACES,
  PROTOCOL_VERSION,
  type CourierClientToServer,
  type CourierServerToClient,
  type PingAck,
} from '@dispatch/shared';
import { io, type Socket } from 'socket.io-client';
import type { TimedGpxPoint } from './gpx';
import { dueBatchEnd, planReplay, type PlannedFix } from './replay-plan';

/** Why a replay stopped before every fix was acknowledged. */
export type ReplayErrorCode =
  'unauthorized' | 'unreachable' | 'refused' | 'unavailable' | 'aborted';

/** A replay that could not finish, with a code the command line turns into its message. */
export class ReplayError extends Error {
  constructor(
    readonly code: ReplayErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ReplayError';
  }
}

/** Counts so far; `total` is the number of fixes in the track. */
export interface ReplayProgress {
  sent: number;
  acked: number;
  total: number;
}

/** The outcome of a finished replay. */
export interface ReplayResult {
  sent: number;
  acked: number;
  /** Wall-clock time from the first fix being due to the last acknowledgement. */
  durationMs: number;
}

export interface ReplayOptions {
  /** Server base URL, e.g. http://127.0.0.1:3000. */
  serverUrl: string;
  /** The courier's device token. */
  deviceToken: string;
  /** Recorded fixes with times, e.g. `requireTimes(parseGpx(xml)).points`. */
  points: readonly TimedGpxPoint[];
  /** Wall-clock spacing is the recorded spacing divided by this (default 1). */
  speedup?: number;
  onProgress?: (progress: ReplayProgress) => void;
  signal?: AbortSignal;
  /** How long to wait for a batch's ack before sending it again (default 15 s). */
  ackTimeoutMs?: number;
  /** How long one batch may keep being refused as retryable before giving up (default 2 min). */
  giveUpAfterMs?: number;
}

const FIRST_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 10_000;
const CONNECT_TIMEOUT_MS = 10_000;
const RECONNECT_ATTEMPTS = 10;

type CourierSocket = Socket<CourierServerToClient, CourierClientToServer>;

/**
 * Replays recorded fixes into a running server as the courier's phone would send them: over
 * `/courier` with the device token, each fix at its recorded spacing divided by `speedup`, fixes
 * due together in one batch, each batch resent until acknowledged (after a commit). Resolves once
 * every fix is acknowledged; rejects with a `ReplayError`.
 */
export async function replayTrack(options: ReplayOptions): Promise<ReplayResult> {
  const speedup = options.speedup ?? 1;
  if (!(speedup > 0) || !Number.isFinite(speedup))
    throw new RangeError(`speedup must be a finite number > 0, got ${speedup}`);
  const link = new ReplayLink(options);
  try {
    await link.connected();
    const startMs = Date.now();
    // Numbering from the current time keeps a later replay above what an earlier one stored.
    const plan = planReplay(options.points, { speedup, startMs, firstSeq: startMs });
    const progress: ReplayProgress = { sent: 0, acked: 0, total: plan.length };
    let next = 0;
    while (next < plan.length) {
      const waitMs = plan[next]!.dueMs - Date.now();
      if (waitMs > 0) await link.wait(Math.ceil(waitMs));
      const end = dueBatchEnd(plan, next, Date.now());
      // Timers may fire a little early; wait again rather than send an empty batch.
      if (end === next) continue;
      const batch = plan.slice(next, end);
      progress.sent = end;
      options.onProgress?.({ ...progress });
      progress.acked += await link.sendUntilAcked(batch, next);
      options.onProgress?.({ ...progress });
      next = end;
    }
    return { sent: progress.sent, acked: progress.acked, durationMs: Date.now() - startMs };
  } finally {
    link.close();
  }
}

/** The socket of one replay, and the first fatal problem it ran into. */
class ReplayLink {
  private readonly socket: CourierSocket;
  private readonly ackTimeoutMs: number;
  private readonly giveUpAfterMs: number;
  private readonly serverUrl: string;
  private readonly signal: AbortSignal | undefined;
  private readonly onAbort = () =>
    this.failWith(new ReplayError('aborted', 'the replay was stopped'));
  /** Cancels pending waits when the replay ends. */
  private readonly closing = new AbortController();
  /** Rejects with the first fatal problem; every wait races against it. */
  private readonly fatal: Promise<never>;
  private failWith!: (err: ReplayError) => void;
  private everConnected = false;

  constructor(options: ReplayOptions) {
    this.serverUrl = options.serverUrl.replace(/\/$/, '');
    this.ackTimeoutMs = options.ackTimeoutMs ?? 15_000;
    this.giveUpAfterMs = options.giveUpAfterMs ?? 120_000;
    this.signal = options.signal;
    this.fatal = new Promise<never>((_, reject) => {
      this.failWith = reject;
    });
    // Every wait races against `fatal`; this keeps an unobserved rejection from being reported.
    this.fatal.catch(() => {});
    this.socket = io(this.serverUrl + NAMESPACES.courier, {
      auth: { token: options.deviceToken, protocol: PROTOCOL_VERSION },
      transports: ['websocket'],
      timeout: CONNECT_TIMEOUT_MS,
      reconnectionAttempts: RECONNECT_ATTEMPTS,
      reconnectionDelay: 500,
      reconnectionDelayMax: 5000,
    });
    this.socket.on('connect', () => {
      this.everConnected = true;
    });
    this.socket.on('connect_error', (err) => this.onConnectError(err));
    this.socket.on('disconnect', (reason) => {
      // A server-side disconnect (e.g. the token was rotated) is final for socket.io; dial again
      // so a revoked token surfaces as a refused handshake.
      if (reason === 'io server disconnect') this.socket.connect();
    });
    this.socket.io.on('reconnect_failed', () =>
      this.failWith(
        new ReplayError(
          'unreachable',
          `lost the connection to ${this.serverUrl} and could not reconnect (${RECONNECT_ATTEMPTS} attempts)`,
        ),
      ),
    );
    if (this.signal?.aborted) this.onAbort();
    else this.signal?.addEventListener('abort', this.onAbort, { once: true });
  }

  private onConnectError(err: Error): void {
    const data = (err as { data?: { code?: unknown; message?: unknown } }).data;
    const transport = (err as { type?: unknown }).type === 'TransportError';
    if (transport || err.message === 'timeout') {
      // Before the first connection, an unreachable server is an answer, not a hiccup.
      if (!this.everConnected)
        this.failWith(
          new ReplayError('unreachable', `cannot reach ${this.serverUrl}: ${err.message}`),
        );
      return;
    }
    const code = typeof data?.code === 'string' ? data.code : null;
    const message = typeof data?.message === 'string' ? data.message : err.message;
    this.failWith(
      code === 'unauthorized'
        ? new ReplayError('unauthorized', `the server refused the device token: ${message}`)
        : new ReplayError('refused', `the server refused the connection: ${message}`),
    );
  }

  /** Resolves once connected; rejects if the server is unreachable or refuses the token. */
  async connected(): Promise<void> {
    if (this.socket.connected) return;
    await Promise.race([
      this.fatal,
      new Promise<void>((resolve) => this.socket.once('connect', () => resolve())),
    ]);
  }

  async wait(ms: number): Promise<void> {
    await Promise.race([this.fatal, delay(ms, undefined, { signal: this.closing.signal })]);
  }

  /**
   * Sends one batch until the server acknowledges it: again after a timeout, a lost connection
   * or a retryable refusal (with back-off, as a phone would); a final refusal rejects. Returns
   * how many of its fixes the ack covers.
   */
  async sendUntilAcked(batch: readonly PlannedFix[], firstIndex: number): Promise<number> {
    const pings = batch.map((f) => f.ping);
    const lastSeq = pings[pings.length - 1]!.seq;
    const givesUpAt = Date.now() + this.giveUpAfterMs;
    let backoffMs = 0;
    for (;;) {
      await this.connected();
      const res = await Promise.race([this.fatal, this.emit(pings)]);
      if (res !== null && res.ok && res.upTo >= lastSeq) return pings.length;
      if (res !== null && !res.ok && !isRetryable(res.error.code)) {
        const range = `fixes ${firstIndex + 1}–${firstIndex + pings.length}`;
        throw new ReplayError(
          'refused',
          `the server refused ${range} (${res.error.code}): ${res.error.message}`,
        );
      }
      if (Date.now() > givesUpAt) {
        const why =
          res === null
            ? 'no acknowledgement'
            : res.ok
              ? 'a partial acknowledgement'
              : res.error.message;
        throw new ReplayError(
          'unavailable',
          `gave up after ${Math.round(this.giveUpAfterMs / 1000)} s of retrying a batch: ${why}`,
        );
      }
      backoffMs = Math.min(MAX_BACKOFF_MS, Math.max(FIRST_BACKOFF_MS, backoffMs * 2));
      await this.wait(backoffMs * (0.75 + Math.random() * 0.5));
    }
  }

  /** The server's answer, or null when none came in time or the connection dropped. */
  private emit(pings: PlannedFix['ping'][]): Promise<PingAck | null> {
    return new Promise((resolve) => {
      this.socket
        .timeout(this.ackTimeoutMs)
        .emit('pings', { pings }, (err: Error | null, res: PingAck) =>
          resolve(err || !isPingAck(res) ? null : res),
        );
    });
  }

  close(): void {
    this.signal?.removeEventListener('abort', this.onAbort);
    this.closing.abort();
    this.socket.io.removeAllListeners('reconnect_failed');
    this.socket.disconnect();
  }
}

/** The server is another program: check the shape of its answer before trusting it. */
function isPingAck(value: unknown): value is PingAck {
  if (typeof value !== 'object' || value === null) return false;
  const res = value as { ok?: unknown; upTo?: unknown; error?: { code?: unknown } };
  return res.ok === true
    ? typeof res.upTo === 'number'
    : res.ok === false && typeof res.error?.code === 'string';
}
