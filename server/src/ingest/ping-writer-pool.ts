import type { Database } from '../db/client';
import type { Metrics } from '../ops/metrics';
import type { PingRow } from './ping-rows';
import { PingWriter, overloaded, type PingWriterOptions } from './ping-writer';

/** What the ingest pipeline needs from group commit. */
export interface PingSink {
  /** Queues one device's rows; resolves after their commit, throws a DomainError when refusing. */
  submit(courierId: number, rows: PingRow[]): Promise<void>;
  readonly bufferedRows: number;
  close(deadlineMs?: number): Promise<void>;
}

/**
 * Several group-commit writers running side by side, each owning the couriers whose id falls in
 * its shard. One device's commits stay in order on one writer, and no two concurrent
 * transactions touch the same courier row, so they never wait on each other's locks.
 */
export class PingWriterPool implements PingSink {
  private readonly writers: PingWriter[];
  private readonly maxBufferedRows: number;

  constructor(db: Database, shards: number, options: PingWriterOptions) {
    // The buffer bound holds across all shards; each writer alone is unbounded.
    this.maxBufferedRows = options.maxBufferedRows;
    const perShard = { ...options, maxBufferedRows: Number.POSITIVE_INFINITY };
    this.writers = Array.from({ length: shards }, () => new PingWriter(db, perShard));
  }

  submit(courierId: number, rows: PingRow[]): Promise<void> {
    if (this.bufferedRows + rows.length > this.maxBufferedRows) throw overloaded();
    return this.writers[courierId % this.writers.length]!.submit(rows);
  }

  get bufferedRows(): number {
    let n = 0;
    for (const w of this.writers) n += w.bufferedRows;
    return n;
  }

  async close(deadlineMs?: number): Promise<void> {
    await Promise.all(this.writers.map((w) => w.close(deadlineMs)));
  }
}

/** Group commit as the server runs it: its settings, metrics, and what happens after a commit. */
export function createPingWriter(
  db: Database,
  settings: {
    /** Group commits running at once on PostgreSQL (`COMMIT_CONCURRENCY`). */
    concurrency: number;
    flushIntervalMs: number;
    maxBatchRows: number;
    maxBufferedRows: number;
    /** A cluster: each (courier, seq) is stored once whichever nodes hold it. */
    onceAcrossNodes: boolean;
  },
  metrics: Pick<
    Metrics,
    'pingsStored' | 'commitBatchRows' | 'commitSeconds' | 'commitErrors' | 'sources'
  >,
  log: { error: (o: object, msg: string) => void },
  onCommitted: (rows: readonly PingRow[]) => void,
): PingWriterPool {
  // PGlite has one connection: parallel commits would only queue behind each other.
  const shards = db.kind === 'pglite' ? 1 : settings.concurrency;
  const writer = new PingWriterPool(db, shards, {
    flushIntervalMs: settings.flushIntervalMs,
    maxBatchRows: settings.maxBatchRows,
    maxBufferedRows: settings.maxBufferedRows,
    onceAcrossNodes: settings.onceAcrossNodes,
    onCommitted: (rows, durationMs) => {
      metrics.pingsStored.inc(rows.length);
      metrics.commitBatchRows.observe(rows.length);
      metrics.commitSeconds.observe(durationMs / 1000);
      onCommitted(rows);
    },
    onCommitError: (error, attempt) => {
      metrics.commitErrors.inc();
      log.error({ err: error, attempt }, 'ping commit failed; retrying');
    },
  });
  metrics.sources.bufferRows = () => writer.bufferedRows;
  return writer;
}
