import type { Sql } from '../db/client';

/** How long the outbox keeps what it no longer needs: finished deliveries and their events. */
export const OUTBOX_KEEP_MS = 30 * 24 * 3_600_000;
/** Rows deleted per statement, so a first pruning of a long history holds no long locks. */
const PRUNE_BATCH = 5000;

/**
 * Forgets the outbox's history older than `keepMs`: deliveries that are over (`sent`, `dead`,
 * `logged`) and last touched (queued, attempted or sent) before then, and then the events that
 * are fanned out, happened before then and have no delivery left (none pending, none recent).
 * Pending deliveries and events not yet fanned out always stay, so the order rule (an event
 * waits for its stop's older ones) is unchanged. Rows another transaction holds (a delivery being
 * sent again) are skipped and go at a later pruning. Returns how many rows of each went.
 */
export async function pruneOutbox(
  db: Sql,
  now: number,
  keepMs = OUTBOX_KEEP_MS,
  batch = PRUNE_BATCH,
): Promise<{ deliveries: number; events: number }> {
  const before = new Date(now - keepMs).toISOString();
  const deliveries = await deleteInBatches(
    db,
    `delete from notification_deliveries where id in (
       select id from notification_deliveries
       where status in ('sent', 'dead', 'logged')
         and greatest(created_at, last_attempt_at, sent_at) < $1::timestamptz
       limit $2
       for update skip locked)
     returning id`,
    before,
    batch,
  );
  const events = await deleteInBatches(
    db,
    `delete from notification_events where id in (
       select e.id from notification_events e
       where e.fanned_out_at is not null and e.at < $1::timestamptz
         and not exists (select 1 from notification_deliveries d where d.event_id = e.id)
       limit $2
       for update of e skip locked)
     returning id`,
    before,
    batch,
  );
  return { deliveries, events };
}

async function deleteInBatches(
  db: Sql,
  statement: string,
  before: string,
  batch: number,
): Promise<number> {
  let total = 0;
  for (;;) {
    const gone = await db.query(statement, [before, batch]);
    total += gone.length;
    if (gone.length < batch) return total;
  }
}
