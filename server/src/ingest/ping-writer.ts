import { DomainError } from '@dispatch/shared';
import type { Database, Sql } from '../db/client';
import { type PingRow, writePings, writePingsOnce } from './ping-rows';

export interface PingWriterOptions {
  /** Longest a ping waits for companions before a commit starts, ms. */
  flushIntervalMs: number;
  /** Rows that trigger a commit at once. */
  maxBatchRows: number;
  /** Rows held in memory (waiting or being written) beyond which submissions are refused. */
  maxBufferedRows: number;
  /**
   * Whether other nodes may store the same device's pings (a cluster): each commit then leaves
   * out the (courier, seq) already stored (`writePingsOnce`), at the cost of a lookup per row.
   */
  onceAcrossNodes?: boolean;
  /** Called after each successful commit with the rows it stored. */
  onCommitted?: (rows: PingRow[], durationMs: number) => void;
  /** Called when a commit attempt fails; the writer retries with backoff. */
  onCommitError?: (error: unknown, attempt: number) => void;
}

interface Submission {
  rows: PingRow[];
  resolve: () => void;
  reject: (error: DomainError) => void;
}

/**
 * Group commit for pings: submissions from every connection are gathered and written in one
 * transaction per short interval, and each submission resolves only after its commit.
 * A failed commit is retried (the rows stay buffered); the buffer is bounded, and past the
 * bound `submit` refuses with `overloaded` so clients keep their data.
 */
export class PingWriter {
  private waiting: Submission[] = [];
  private waitingRows = 0;
  private inFlightRows = 0;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private closed = false;
  private abandonAfter = Infinity;

  constructor(
    private readonly db: Database,
    private readonly options: PingWriterOptions,
  ) {}

  /** Rows waiting or being written. */
  get bufferedRows(): number {
    return this.waitingRows + this.inFlightRows;
  }

  /**
   * Queues rows for the next group commit; the promise resolves once they are committed.
   * Refuses at once, by throwing `overloaded` (buffer full) or `unavailable` (shutting down),
   * so a refused submission never stands in for a pending one.
   */
  submit(rows: PingRow[]): Promise<void> {
    if (this.closed)
      throw new DomainError('unavailable', 'the server is shutting down; resend later');
    if (this.bufferedRows + rows.length > this.options.maxBufferedRows) throw overloaded();
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ rows, resolve, reject });
      this.waitingRows += rows.length;
      this.schedule();
    });
  }

  /** Stops taking pings and writes what is buffered, giving up after `deadlineMs`. */
  async close(deadlineMs = 10_000): Promise<void> {
    this.closed = true;
    this.abandonAfter = Date.now() + deadlineMs;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.waiting.length > 0 && !this.running) this.running = this.drain();
    while (this.running) await this.running;
  }

  private schedule(): void {
    if (this.running) return;
    if (this.waitingRows >= this.options.maxBatchRows) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.running = this.drain();
    } else if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = null;
        if (!this.running) this.running = this.drain();
      }, this.options.flushIntervalMs);
    }
  }

  private async drain(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        const group = this.takeGroup();
        await this.commitGroup(group);
      }
    } finally {
      this.running = null;
    }
  }

  private takeGroup(): Submission[] {
    const group: Submission[] = [];
    let rows = 0;
    while (
      this.waiting.length > 0 &&
      (group.length === 0 || rows + this.waiting[0]!.rows.length <= this.options.maxBatchRows)
    ) {
      const s = this.waiting.shift()!;
      rows += s.rows.length;
      group.push(s);
    }
    this.waitingRows -= rows;
    this.inFlightRows = rows;
    return group;
  }

  private async commitGroup(group: Submission[]): Promise<void> {
    const rows = group.length === 1 ? group[0]!.rows : group.flatMap((s) => s.rows);
    for (let attempt = 1; ; attempt++) {
      const started = performance.now();
      try {
        const stored = await this.db.transaction((tx) => this.write(tx, rows));
        this.inFlightRows = 0;
        this.options.onCommitted?.(stored, performance.now() - started);
        for (const s of group) s.resolve();
        return;
      } catch (error) {
        this.options.onCommitError?.(error, attempt);
        if (this.closed && Date.now() >= this.abandonAfter) {
          this.inFlightRows = 0;
          const refusal = new DomainError(
            'unavailable',
            'the pings could not be stored before shutdown; resend them',
          );
          for (const s of [...group, ...this.waiting]) s.reject(refusal);
          this.waiting = [];
          this.waitingRows = 0;
          return;
        }
        await sleep(Math.min(5000, 50 * 2 ** Math.min(attempt, 7)));
      }
    }
  }

  private async write(tx: Sql, rows: PingRow[]): Promise<PingRow[]> {
    if (this.options.onceAcrossNodes) return writePingsOnce(tx, rows);
    await writePings(tx, rows);
    return rows;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The refusal when the buffer is full: the device keeps its pings and resends later. */
export function overloaded(): DomainError {
  return new DomainError(
    'overloaded',
    'the ping buffer is full while the database catches up; keep the pings and resend later',
  );
}
