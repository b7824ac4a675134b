import { expect } from 'vitest';
import { ErrorBodySchema, compileValidator } from '@dispatch/shared';
import type { Database } from '../../server/src/db/client';

const errorBody = compileValidator(ErrorBodySchema, 'error body');

/**
 * Security events a refusal itself writes by design (a failed sign-in, a refused device, a
 * cross-hub refusal): not counted as rows written by a refused request.
 */
const REFUSAL_EVENT_KINDS = [
  'auth.login_failed',
  'auth.locked_out',
  'device.refused',
  'scope.cross_hub_refused',
];

/** Tables that background loops write to whatever requests do (learned speeds). */
const BACKGROUND_TABLES = new Set(['model_state']);

/** An HTTP answer: status and the body text. */
export interface Answer {
  status: number;
  body: string;
}

/**
 * The one property every answer has: no 5xx, and an error is the typed body `{ code, message,
 * details? }` of the shared schema. Returns whether the request was refused.
 */
export function expectTypedAnswer(answer: Answer, what: string): boolean {
  if (answer.status >= 500 || answer.status < 200)
    throw new Error(`${what}: answered ${answer.status}: ${answer.body.slice(0, 500)}`);
  if (answer.status < 400) return false;
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    throw new Error(
      `${what}: ${answer.status} with a body that is not JSON: ${answer.body.slice(0, 300)}`,
    );
  }
  const checked = errorBody.parse(parsed);
  if (!checked.ok)
    throw new Error(
      `${what}: ${answer.status} body is not a typed error (${checked.error.message}): ${answer.body.slice(0, 300)}`,
    );
  return true;
}

/** An ack over a socket: `{ ok: true, … }` or `{ ok: false, error: { code, message } }`, never internal. */
export function expectTypedAck(ack: unknown, what: string): boolean {
  if (typeof ack !== 'object' || ack === null || !('ok' in ack))
    throw new Error(`${what}: ack is not an Ack: ${JSON.stringify(ack)}`);
  if ((ack as { ok: unknown }).ok === true) return false;
  const error = (ack as { error?: unknown }).error;
  const checked = errorBody.parse(error);
  if (!checked.ok) throw new Error(`${what}: ack error is not typed: ${JSON.stringify(ack)}`);
  const code = checked.value.code;
  if (code === 'internal' || code === 'unavailable')
    throw new Error(`${what}: the server failed: ${JSON.stringify(ack)}`);
  return true;
}

/** Row counts of every table (security events a refusal writes by design left out). */
export class RowCounts {
  private constructor(
    private readonly db: Database,
    private readonly sql: string,
  ) {}

  static async of(db: Database): Promise<RowCounts> {
    const tables = await db.query<{ name: string }>(
      `select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
       where n.nspname = 'public' and c.relkind in ('r', 'p') and not c.relispartition
       order by c.relname`,
    );
    const kinds = REFUSAL_EVENT_KINDS.map((k) => `'${k}'`).join(', ');
    const parts = tables
      .map((t) => t.name)
      .filter((name) => !BACKGROUND_TABLES.has(name) && !name.startsWith('__'))
      .map((name) =>
        name === 'events'
          ? `(select count(*) from events where kind not in (${kinds}))::int as "events"`
          : `(select count(*) from "${name}")::int as "${name}"`,
      );
    return new RowCounts(db, `select ${parts.join(', ')}`);
  }

  async read(): Promise<Record<string, number>> {
    const [row] = await this.db.query<Record<string, number>>(this.sql);
    return row!;
  }

  /** The counts once two reads a moment apart agree (follow-up writes of earlier work done). */
  async settled(): Promise<Record<string, number>> {
    let last = await this.read();
    for (let i = 0; i < 100; i++) {
      await new Promise((r) => setTimeout(r, 30));
      const now = await this.read();
      if (changedTables(last, now).length === 0) return now;
      last = now;
    }
    return last;
  }
}

function changedTables(before: Record<string, number>, after: Record<string, number>): string[] {
  return Object.keys(after).filter((t) => after[t] !== before[t]);
}

function describeChange(before: Record<string, number>, after: Record<string, number>): string {
  return changedTables(before, after)
    .map((t) => `${t}: ${before[t]} → ${after[t]}`)
    .join(', ');
}

/**
 * Shows that refused requests write nothing, counting rows once per batch. The baseline is taken
 * again after every accepted request; when counts moved by the end of a batch (an accepted
 * request's follow-up work can land late), the batch's refused requests are sent again one by one
 * on settled counts, and one that still writes fails the run, named.
 */
export class RefusalAudit<C> {
  private baseline: Record<string, number> | null = null;
  private pending: C[] = [];
  /** Batches whose counts moved only by earlier accepted work. */
  lateFollowUps = 0;

  constructor(
    private readonly counts: RowCounts,
    /** Sends a case again; true when it was refused again. */
    private readonly resend: (c: C) => Promise<boolean>,
    private readonly describe: (c: C) => string,
  ) {}

  async start(): Promise<void> {
    this.baseline = await this.counts.read();
    this.pending = [];
  }

  /** An accepted case may write: the next refused ones are measured from here. */
  async accepted(): Promise<void> {
    await this.start();
  }

  refused(c: C): void {
    this.pending.push(c);
  }

  /** Ends a batch: fails naming a refused case that changed rows. */
  async check(what: string): Promise<void> {
    if (!this.baseline) throw new Error('RefusalAudit.start() first');
    const now = await this.counts.read();
    if (changedTables(this.baseline, now).length > 0 && this.pending.length > 0) {
      for (const c of this.pending) {
        // Twice, so that a background write landing at the same moment is not taken for it.
        const changes: string[] = [];
        for (let attempt = 0; attempt < 2; attempt++) {
          const before = await this.counts.settled();
          if (!(await this.resend(c))) break;
          const after = await this.counts.settled();
          if (changedTables(before, after).length === 0) break;
          changes.push(describeChange(before, after));
        }
        if (changes.length === 2)
          throw new Error(
            `${what}: a refused request changed rows (${changes[0]}): ${this.describe(c)}`,
          );
      }
      this.lateFollowUps++;
    }
    await this.start();
  }
}

/** Heap in use after a forced collection (needs `--expose-gc`), in MiB. */
export async function heapAfterGcMiB(): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc (the fuzz project sets it)');
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((r) => setImmediate(r));
  }
  return process.memoryUsage().heapUsed / 2 ** 20;
}

/**
 * Memory flat after fuzzing: heap after a forced collection within a generous factor of the heap
 * before (plus slack for caches that fill once: compiled validators, prepared statements).
 */
export function expectHeapFlat(surface: string, beforeMiB: number, afterMiB: number): void {
  console.log(
    `[fuzz] ${surface}: heap after GC ${beforeMiB.toFixed(1)} MiB before, ${afterMiB.toFixed(1)} MiB after`,
  );
  expect(afterMiB).toBeLessThan(beforeMiB * 2 + 64);
}

/** Collects unhandled rejections and uncaught exceptions while a file fuzzes. */
export function watchProcessFailures(): { failures: unknown[]; stop: () => void } {
  const failures: unknown[] = [];
  const onFailure = (err: unknown) => failures.push(err);
  process.on('unhandledRejection', onFailure);
  process.on('uncaughtException', onFailure);
  return {
    failures,
    stop: () => {
      process.off('unhandledRejection', onFailure);
      process.off('uncaughtException', onFailure);
    },
  };
}
