import type { FastifyBaseLogger } from 'fastify';
import type { Cluster } from './cluster/cluster';
import type { Config } from './config';
import type { Database } from './db/client';
import { DEFAULT_DETECTION_CONFIG } from './detect/config';
import type { DetectionService } from './detect/detection-service';
import type { EtaService } from './eta/eta-service';
import type { DomainBus } from './events/bus';
import type { FleetState } from './fleet/fleet-state';
import { decodeFixes, encodeFixes, type EncodedFix } from './ingest/fix-codec';
import { IngestService } from './ingest/ingest-service';
import { createPingWriter, type PingSink } from './ingest/ping-writer-pool';
import { liveFixes, type PingRow } from './ingest/ping-rows';
import type { Metrics } from './ops/metrics';

/** The ping pipeline as the composition root wires it. */
export interface IngestPipeline {
  writer: PingSink;
  ingest: IngestService;
  /** What a commit of fixes sets off (tests call it to stand in for a commit). */
  pingsCommitted: (committed: readonly PingRow[]) => void;
}

export interface IngestDeps {
  config: Pick<
    Config,
    | 'COMMIT_CONCURRENCY'
    | 'COMMIT_INTERVAL_MS'
    | 'COMMIT_MAX_ROWS'
    | 'INGEST_BUFFER_MAX_ROWS'
    | 'ACK_TIMEOUT_MS'
    | 'DEDUPE_WINDOW'
  >;
  db: Database;
  metrics: Metrics;
  log: FastifyBaseLogger;
  bus: DomainBus;
  cluster: Pick<Cluster, 'clustered' | 'relay'>;
  fleet: FleetState;
  detection: Pick<DetectionService, 'onCommitted'>;
  eta: Pick<EtaService, 'observe'>;
}

/**
 * Ingest: durable fixes move the fleet, feed detection and teach the speeds; flagged ones (jumps)
 * are only stored. In a cluster every node applies every node's committed fixes (relayed over
 * Redis), and a (courier, seq) is stored once across the nodes.
 */
export function buildIngest(deps: IngestDeps): IngestPipeline {
  const { config, db, metrics, log, cluster, fleet, detection, eta } = deps;
  const applyFixes = (rows: readonly PingRow[]) => {
    IngestService.applyCommitted(fleet, rows);
    detection.onCommitted(rows);
    eta.observe(rows);
  };
  const publishFixes = cluster.relay<EncodedFix[]>(deps.bus, (batch) =>
    applyFixes(decodeFixes(batch)),
  );
  const pingsCommitted = (committed: readonly PingRow[]) => {
    const rows = liveFixes(committed);
    applyFixes(rows);
    if (cluster.clustered && rows.length > 0) publishFixes(encodeFixes(rows));
  };
  const writer = createPingWriter(
    db,
    {
      concurrency: config.COMMIT_CONCURRENCY,
      flushIntervalMs: config.COMMIT_INTERVAL_MS,
      maxBatchRows: config.COMMIT_MAX_ROWS,
      maxBufferedRows: config.INGEST_BUFFER_MAX_ROWS,
      onceAcrossNodes: cluster.clustered,
    },
    metrics,
    log,
    pingsCommitted,
  );
  const ingest = new IngestService(db, writer, metrics, {
    ackTimeoutMs: config.ACK_TIMEOUT_MS,
    dedupeWindow: config.DEDUPE_WINDOW,
    maxSpeedKmh: DEFAULT_DETECTION_CONFIG.courier.maxSpeedKmh,
  });
  return { writer, ingest, pingsCommitted };
}
