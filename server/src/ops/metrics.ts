import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The Prometheus metrics of one server instance (its own registry, so tests can build many). */
export function createMetrics() {
  const registry = new Registry();
  /** Read when Prometheus scrapes; wired by the services that own the numbers. */
  const sources = {
    bufferRows: () => 0,
    proposalQueue: () => 0,
    proposalBusySeconds: () => 0,
  };
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
  };
  return m;
}

export type Metrics = ReturnType<typeof createMetrics>;
