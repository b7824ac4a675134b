/**
 * What bench:notify reads to judge delivery: the outbox rows of the stops under test, straight
 * from the bench database (the truth of what should arrive), the sender's delivery rows, and the
 * receiver's receipts, pulled from its process as they come.
 */
import postgres from 'postgres';
import {
  auditWebhooks,
  type OutboxRow,
  type Receipt,
  type WebhookAudit,
} from '../harness/webhook-audit/webhook-audit';
import type { BenchChild } from './children';
import type { ReceiverReport, ReceiverRequest } from './notify-messages';

export type Receiver = BenchChild<ReceiverReport, ReceiverRequest>;

/** Webhook deliveries of the stops, by status: rows and attempts made. */
export type DeliveryTally = Record<string, { rows: number; attempts: number }>;

const POLL_MS = 250;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/** The bench database, read from outside the server. */
export class OutboxReader {
  private readonly sql: postgres.Sql;

  constructor(databaseUrl: string) {
    this.sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  }

  async rows(stopIds: readonly number[]): Promise<OutboxRow[]> {
    const rows = await this.sql<{ id: string; stop_id: number; type: string; at_ms: number }[]>`
      select id::text, stop_id, type, extract(epoch from at) * 1000 as at_ms
        from notification_events where stop_id = any(${[...stopIds]}::int[]) order by id`;
    return rows.map((r) => ({
      id: Number(r.id),
      stopId: r.stop_id,
      type: r.type,
      atMs: Number(r.at_ms),
    }));
  }

  async deliveries(stopIds: readonly number[]): Promise<DeliveryTally> {
    const rows = await this.sql<{ status: string; rows: number; attempts: number }[]>`
      select status, count(*)::int as rows, coalesce(sum(attempts), 0)::int as attempts
        from notification_deliveries
       where channel = 'webhook' and stop_id = any(${[...stopIds]}::int[])
       group by status`;
    return Object.fromEntries(rows.map((r) => [r.status, { rows: r.rows, attempts: r.attempts }]));
  }

  close(): Promise<void> {
    return this.sql.end({ timeout: 5 });
  }
}

/** Every receipt the receiver has recorded, pulled over IPC as they come. */
export class ReceiptLog {
  readonly all: Receipt[] = [];

  constructor(private readonly receiver: Receiver) {}

  async pull(): Promise<Receipt[]> {
    const answer = await this.receiver.ask(
      { type: 'receipts', from: this.all.length },
      'receipts',
      30_000,
    );
    this.all.push(...answer.receipts);
    return this.all;
  }

  /** The receipts for these stops. */
  of(stopIds: ReadonlySet<number>): Receipt[] {
    return this.all.filter((r) => stopIds.has(r.stopId));
  }
}

/**
 * Polls until every outbox row of `stopIds` has been answered, or `timeoutMs` has passed;
 * returns the last audit and its rows.
 */
export async function waitForDelivery(
  outbox: OutboxReader,
  log: ReceiptLog,
  stopIds: readonly number[],
  timeoutMs: number,
): Promise<{ rows: OutboxRow[]; audit: WebhookAudit; receipts: Receipt[]; timedOut: boolean }> {
  const ids = new Set(stopIds);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await log.pull();
    const rows = await outbox.rows(stopIds);
    const receipts = log.of(ids);
    const audit = auditWebhooks(rows, receipts);
    const timedOut = Date.now() >= deadline;
    if ((rows.length > 0 && audit.missing === 0) || timedOut)
      return { rows, audit, receipts, timedOut: timedOut && audit.missing > 0 };
    await sleep(POLL_MS);
  }
}
