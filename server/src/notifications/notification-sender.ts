import type { CustomerChannel, CustomerMessage, SendOutcome } from './channel';
import type { AttemptResult, ClaimedDelivery, DeliveryQueue } from './delivery-queue';
import { LoggedTally } from './logged-tally';
import { afterFailedAttempt, type RetrySchedule } from './retry-schedule';
import { etaWindowOf, webhookHeaders, webhookPayload } from './webhook-payload';
import type { WebhookTransport } from './webhook-transport';
import { WriteBatcher } from './write-batcher';

/** Sizes and timers of the sender (constructor options, for benchmarks and tests). */
export interface SenderOptions {
  /** Outbox events fanned out per transaction. */
  batchSize: number;
  /** Deliveries being attempted at once. */
  concurrency: number;
  /** How often the sender looks for work when nothing woke it, ms. */
  pollMs: number;
  /** How long an attempt may take (WEBHOOK_TIMEOUT_MS); a claim's lease outlasts it. */
  timeoutMs: number;
  /** Backoff and the retry period (NOTIFY_RETRY_MINUTES). */
  retry: RetrySchedule;
  /** The `user-agent` of webhook requests. */
  userAgent: string;
}

/** Batch, concurrency and timer the server runs with. */
export const DEFAULT_SENDER_SIZES = { batchSize: 500, concurrency: 32, pollMs: 250 } as const;

/** A failing pass (the database away) is warned about at most this often. */
const PASS_WARNING_EVERY_MS = 60_000;

/** A claim outlasts the attempt's timeout by this much before another sender may take it. */
const LEASE_MARGIN_MS = 5_000;

export interface SenderDeps {
  queue: DeliveryQueue;
  /** Email, SMS: the sender closes them when it stops. */
  channels: readonly CustomerChannel[];
  webhooks: WebhookTransport;
  /** Tracking links by stop id. */
  links: { linksFor(stopIds: readonly number[]): Promise<Map<number, string>> };
  /** Epoch ms. */
  clock: () => number;
  /** In [0, 1): the backoff's jitter. */
  random: () => number;
  log: {
    info(obj: object, msg: string): void;
    warn(obj: object, msg: string): void;
    debug(obj: object, msg: string): void;
  };
}

/** What the sender has done since it started (the metrics read these). */
export interface SenderCounts {
  sent: number;
  failedAttempts: number;
  dead: number;
  logged: number;
}

/**
 * Drains the stops' outbox: fans each event out to deliveries (webhooks, email, SMS), then
 * attempts due deliveries with bounded concurrency, in order per stop and receiver, retrying
 * failures with backoff until the retry period ends and they are dead-lettered. At least once: a
 * crash between an attempt and its record repeats the attempt after the claim's lease.
 */
export class NotificationSender {
  readonly counts: SenderCounts = { sent: 0, failedAttempts: 0, dead: 0, logged: 0 };
  private readonly inFlight = new Map<number, Promise<void>>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private pumping: Promise<void> | null = null;
  private again = false;
  private stopping = false;
  private lastPassWarning = Number.NEGATIVE_INFINITY;
  private readonly loggedTally = new LoggedTally();
  /** Attempts that ended, recorded together while a write is under way (a burst: one a batch). */
  private readonly records: WriteBatcher<AttemptResult>;

  constructor(
    private readonly deps: SenderDeps,
    private readonly options: SenderOptions,
  ) {
    this.records = new WriteBatcher((results) => deps.queue.recordAttempts(results));
  }

  /** Starts the timer; the first pass runs at once. */
  start(): void {
    if (this.timer) return;
    this.stopping = false;
    this.timer = setInterval(() => this.wake(), this.options.pollMs);
    this.timer.unref?.();
    this.wake();
  }

  /** Looks for work now (after a resend, or an attempt that freed a slot), once started. */
  wake(): void {
    if (this.stopping || !this.timer) return;
    if (this.pumping) {
      this.again = true;
      return;
    }
    this.pumping = this.pump().finally(() => {
      this.pumping = null;
    });
  }

  /**
   * One pass: fan out everything waiting, take what is due into the free slots and wait until
   * every attempt started has been recorded (for tests and benchmarks driving the clock).
   */
  async runOnce(): Promise<void> {
    await this.pumping;
    await this.pass();
    await Promise.all(this.inFlight.values());
  }

  /** Deliveries still to send. */
  queueDepth(): Promise<number> {
    return this.deps.queue.pendingCount();
  }

  /** Stops taking work and waits for attempts in flight (each bounded by the timeout). */
  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.pumping;
    await Promise.all(this.inFlight.values());
    for (const channel of this.deps.channels) await channel.close?.();
  }

  private async pump(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.pass();
      } catch (err) {
        // While the database is away every pass fails: say so once a minute, not four times a second.
        const at = this.deps.clock();
        const quiet = at - this.lastPassWarning < PASS_WARNING_EVERY_MS;
        if (!quiet) this.lastPassWarning = at;
        this.deps.log[quiet ? 'debug' : 'warn'](
          { err },
          'notifications: a pass failed; trying again shortly',
        );
        return;
      }
    } while (this.again && !this.stopping);
  }

  private async pass(): Promise<void> {
    const { queue, channels, clock } = this.deps;
    const { batchSize, concurrency } = this.options;
    for (;;) {
      const { events, deliveries } = await queue.fanOut(batchSize, clock(), channels);
      for (const d of deliveries) {
        if (d.status !== 'logged') continue;
        this.counts.logged += 1;
        this.logLogged(
          { eventId: d.eventId, stopId: d.stopId, channel: d.channel, recipient: d.recipient },
          d.channel,
        );
      }
      this.summariseLogged();
      if (events < batchSize || this.stopping) break;
    }
    const free = concurrency - this.inFlight.size;
    if (free <= 0 || this.stopping) return;
    const now = clock();
    const claimed = await queue.claim({
      limit: free,
      now,
      leaseUntil: now + this.options.timeoutMs + LEASE_MARGIN_MS,
      inFlight: [...this.inFlight.keys()],
    });
    if (claimed.length === 0) return;
    const links = await this.deps.links.linksFor([...new Set(claimed.map((d) => d.stopId))]);
    for (const delivery of claimed) {
      const attempt = this.attempt(delivery, links.get(delivery.stopId) ?? null).finally(() => {
        this.inFlight.delete(delivery.id);
        this.wake();
      });
      this.inFlight.set(delivery.id, attempt);
    }
  }

  private async attempt(delivery: ClaimedDelivery, trackingUrl: string | null): Promise<void> {
    let outcome: SendOutcome | 'logged';
    try {
      outcome = await this.send(delivery, trackingUrl);
    } catch (err) {
      outcome = { ok: false, retry: true, error: err instanceof Error ? err.message : String(err) };
    }
    try {
      await this.record(delivery, outcome);
    } catch (err) {
      // Left pending: attempted again once its lease runs out.
      this.deps.log.warn(
        { err, deliveryId: delivery.id },
        'notifications: recording an attempt failed',
      );
    }
  }

  private async send(
    d: ClaimedDelivery,
    trackingUrl: string | null,
  ): Promise<SendOutcome | 'logged'> {
    if (d.channel === 'webhook') {
      if (d.secret === null) return { ok: false, retry: false, error: 'webhook disabled' };
      const body = JSON.stringify(webhookPayload(d.event, trackingUrl));
      const headers = webhookHeaders({
        eventId: d.eventId,
        body,
        secret: d.secret,
        timestampS: Math.floor(this.deps.clock() / 1000),
        userAgent: this.options.userAgent,
      });
      return this.deps.webhooks.post(d.recipient, body, headers);
    }
    const channel = this.deps.channels.find((c) => c.channel === d.channel);
    if (!channel) return { ok: false, retry: false, error: `no ${d.channel} channel` };
    if (!channel.configured) return 'logged';
    const message: CustomerMessage = {
      event: d.event,
      language: d.customer.language,
      customerName: d.customer.name,
      hubName: d.customer.hubName,
      timeZone: d.customer.timeZone,
      trackingUrl,
      etaWindow: etaWindowOf(d.event),
      recipientName: d.event.type === 'stop.delivered' ? d.customer.recipientName : null,
    };
    return channel.send(d.recipient, message);
  }

  /** A channel's first logged message at info; the rest at debug, summed up once a minute. */
  private logLogged(where: object, channel: string): void {
    const first = this.loggedTally.note(channel, this.deps.clock()) === 'first';
    this.deps.log[first ? 'info' : 'debug'](
      where,
      `notifications: no ${channel} transport set up; logged, not sent`,
    );
  }

  private summariseLogged(): void {
    const counts = this.loggedTally.summaryDue(this.deps.clock());
    if (!counts) return;
    const perChannel = Object.fromEntries(counts);
    this.deps.log.info(
      { logged: perChannel },
      `notifications: ${[...counts.values()].reduce((a, b) => a + b, 0)} more messages logged, ` +
        'not sent (no transport set up; shown in the console)',
    );
  }

  private async record(d: ClaimedDelivery, outcome: SendOutcome | 'logged'): Promise<void> {
    const { clock, log } = this.deps;
    const at = clock();
    const where = { deliveryId: d.id, eventId: d.eventId, stopId: d.stopId, channel: d.channel };
    if (outcome === 'logged') {
      await this.records.add({ deliveryId: d.id, outcome: 'logged', at });
      this.counts.logged += 1;
      this.logLogged(where, d.channel);
      return;
    }
    const statusCode = outcome.statusCode ?? null;
    if (outcome.ok) {
      await this.records.add({ deliveryId: d.id, outcome: 'sent', at, statusCode });
      this.counts.sent += 1;
      return;
    }
    const error = outcome.error ?? (statusCode === null ? 'failed' : `answered ${statusCode}`);
    const next = outcome.retry
      ? afterFailedAttempt({
          failedAttempts: d.attempts + 1,
          queuedAt: d.queuedAt,
          now: at,
          random: this.deps.random,
          schedule: this.options.retry,
        })
      : ({ kind: 'dead' } as const);
    const nextAttemptAt = next.kind === 'retry' ? next.nextAttemptAt : null;
    await this.records.add({
      deliveryId: d.id,
      outcome: 'failed',
      at,
      statusCode,
      error,
      nextAttemptAt,
    });
    this.counts.failedAttempts += 1;
    if (next.kind === 'dead') {
      this.counts.dead += 1;
      log.warn(
        { ...where, attempts: d.attempts + 1, error },
        'notifications: delivery dead-lettered',
      );
    } else {
      log.debug(
        { ...where, attempts: d.attempts + 1, error, nextAttemptAt },
        'notifications: attempt failed',
      );
    }
  }
}
