import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** Longest a scrape waits for a figure read from the database. */
const DATABASE_READ_MS = 1000;

/** `promise`, or a rejection once `ms` have passed. */
function withinMs<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
    }),
  ]);
}

/** The Prometheus metrics of one server instance (its own registry, so tests can build many). */
export function createMetrics() {
  const registry = new Registry();
  /** Read when Prometheus scrapes; wired by the services that own the numbers. */
  const sources = {
    bufferRows: () => 0,
    proposalQueue: () => 0,
    proposalBusySeconds: () => 0,
    /** The notification sender's totals since start. */
    notifications: (): { sent: number; failedAttempts: number; dead: number; logged: number } => ({
      sent: 0,
      failedAttempts: 0,
      dead: 0,
      logged: 0,
    }),
    notificationQueue: (): Promise<number> => Promise.resolve(0),
  };
  /** A counter mirroring one of the notification sender's totals. */
  const notificationTotal = (
    name: string,
    help: string,
    key: 'sent' | 'failedAttempts' | 'dead' | 'logged',
  ) =>
    new Counter({
      name,
      help,
      registers: [registry],
      collect() {
        this.reset();
        this.inc(sources.notifications()[key]);
      },
    });
  collectDefaultMetrics({
    register: registry,
    prefix: 'dispatch_process_',
    // Delays are measured between samples this many ms apart, so they read at least that much.
    eventLoopMonitoringPrecision: 10,
  });
  const m = {
    registry,
    pingsReceived: new Counter({
      name: 'dispatch_pings_received_total',
      help: 'Pings received that passed validation',
      registers: [registry],
    }),
    pingsStored: new Counter({
      name: 'dispatch_pings_stored_total',
      help: 'Pings durably committed',
      registers: [registry],
    }),
    pingsDuplicate: new Counter({
      name: 'dispatch_pings_duplicate_total',
      help: 'Pings already stored (resends), acknowledged without storing again',
      registers: [registry],
    }),
    pingsRejected: new Counter({
      name: 'dispatch_pings_rejected_total',
      help: 'Pings or batches refused, by reason',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    commitBatchRows: new Histogram({
      name: 'dispatch_commit_batch_rows',
      help: 'Rows per group commit',
      buckets: [1, 10, 50, 100, 250, 500, 1000, 2500, 5000, 10000],
      registers: [registry],
    }),
    commitSeconds: new Histogram({
      name: 'dispatch_commit_duration_seconds',
      help: 'Group commit latency',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    commitErrors: new Counter({
      name: 'dispatch_commit_errors_total',
      help: 'Failed group commit attempts (retried)',
      registers: [registry],
    }),
    sources,
    bufferRows: new Gauge({
      name: 'dispatch_ingest_buffer_rows',
      help: 'Pings waiting for or in a group commit',
      registers: [registry],
      collect() {
        this.set(sources.bufferRows());
      },
    }),
    couriersConnected: new Gauge({
      name: 'dispatch_couriers_connected',
      help: 'Courier devices connected over Socket.IO',
      registers: [registry],
    }),
    consolesConnected: new Gauge({
      name: 'dispatch_consoles_connected',
      help: 'Console sessions connected over Socket.IO',
      registers: [registry],
    }),
    proposalQueue: new Gauge({
      name: 'dispatch_proposal_queue_length',
      help: 'Situations waiting for a suggestion proposal (one per stop or courier)',
      registers: [registry],
      collect() {
        this.set(sources.proposalQueue());
      },
    }),
    proposalBusy: new Counter({
      name: 'dispatch_proposal_busy_seconds_total',
      help: 'Time spent computing proposals (in the proposal thread when there is one)',
      registers: [registry],
      collect() {
        this.reset();
        this.inc(sources.proposalBusySeconds());
      },
    }),
    proposalsDropped: new Counter({
      name: 'dispatch_proposals_dropped_total',
      help: 'Queued situations dropped before a proposal: coalesced, resolved, stale or overflow',
      labelNames: ['reason'] as const,
      registers: [registry],
    }),
    proposalSeconds: new Histogram({
      name: 'dispatch_proposal_duration_seconds',
      help: 'From taking a situation off the queue to its proposals computed',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    deltaCouriers: new Counter({
      name: 'dispatch_fleet_delta_couriers_total',
      help: 'Courier rows sent in fleet deltas (per room)',
      registers: [registry],
    }),
    notificationsSent: notificationTotal(
      'dispatch_notifications_sent_total',
      'Notifications delivered (webhooks answered 2xx, emails and text messages accepted)',
      'sent',
    ),
    notificationAttemptsFailed: notificationTotal(
      'dispatch_notification_attempts_failed_total',
      'Failed notification attempts (retried with backoff, or dead-lettered)',
      'failedAttempts',
    ),
    notificationsDead: notificationTotal(
      'dispatch_notifications_dead_total',
      'Notifications given up on after the retry period (or refused for good)',
      'dead',
    ),
    notificationsLogged: notificationTotal(
      'dispatch_notifications_logged_total',
      'Notifications written to the log only, their channel having no transport set up',
      'logged',
    ),
    notificationQueue: new Gauge({
      name: 'dispatch_notification_queue_depth',
      help: 'Notifications still to send (pending deliveries)',
      registers: [registry],
      async collect() {
        // Read from the database: while it is down the gauge keeps its last value, so the
        // scrape (the ingest buffer above all) still answers when it matters most.
        try {
          this.set(await withinMs(sources.notificationQueue(), DATABASE_READ_MS));
        } catch {
          // keep the last depth
        }
      },
    }),
  };
  return m;
}

export type Metrics = ReturnType<typeof createMetrics>;
