import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/src/db/client';
import { migrate } from '../../server/src/db/migrate';
import { OUTBOX_KEEP_MS, pruneOutbox } from '../../server/src/notifications/outbox-retention';
import { freshDatabase } from '../helpers/test-server';

const DAY = 24 * 3_600_000;
const OLD = OUTBOX_KEEP_MS / DAY + 10;
const RECENT = 5;

type DeliveryStatus = 'pending' | 'sent' | 'dead' | 'logged';

/**
 * The outbox's hourly pruning on the database itself: what it forgets after 30 days, and what it
 * keeps however old (anything still to send, and the events it depends on).
 */
describe('pruning the notifications outbox', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let db: Database;
  let stopId: number;
  const now = Date.now();
  const daysAgo = (days: number) => new Date(now - days * DAY).toISOString();

  /** An outbox event, told apart by `label`. */
  const event = async (label: string, atDaysAgo: number, fannedOut = true) =>
    (
      await db.query<{ id: number }>(
        `insert into notification_events (stop_id, hub_id, type, at, data, fanned_out_at)
         values ($1, null, 'stop.delivered', $2, $3::jsonb, $4) returning id`,
        [
          stopId,
          daysAgo(atDaysAgo),
          JSON.stringify({ label }),
          fannedOut ? daysAgo(atDaysAgo) : null,
        ],
      )
    )[0]!.id;
  /** One delivery of an event; `touched`: days since its last attempt (and sending, if sent). */
  const delivery = (
    eventId: number,
    label: string,
    status: DeliveryStatus,
    createdDaysAgo: number,
    touched: number | null = null,
  ) =>
    db.query(
      `insert into notification_deliveries
         (event_id, stop_id, channel, recipient, status, created_at, last_attempt_at, sent_at)
       values ($1, $2, 'email', $3, $4, $5, $6, $7)`,
      [
        eventId,
        stopId,
        `${label}@example.com`,
        status,
        daysAgo(createdDaysAgo),
        touched === null ? null : daysAgo(touched),
        status === 'sent' ? daysAgo(touched ?? createdDaysAgo) : null,
      ],
    );
  const deliveriesLeft = async () =>
    (
      await db.query<{ recipient: string }>(
        'select recipient from notification_deliveries order by recipient',
      )
    ).map((r) => r.recipient.replace('@example.com', ''));
  const eventsLeft = async () =>
    (
      await db.query<{ label: string | null }>(
        `select data->>'label' as label from notification_events where data ? 'label' order by id`,
      )
    ).map((r) => r.label);

  let pruned: { deliveries: number; events: number };

  beforeAll(async () => {
    database = await freshDatabase();
    db = await openDatabase({ url: database.url, dataDir: database.dataDir });
    await migrate(db);
    const [hub] = await db.query<{ id: number }>(
      `insert into hubs (name, lat, lng) values ('Centro', -20.46, -54.61) returning id`,
    );
    const [stop] = await db.query<{ id: number }>(
      `insert into stops (hub_id, kind, address, lat, lng, cell, window_start, window_end)
       values ($1, 'delivery', 'Rua 1', -20.46, -54.61, 'cell', now(), now() + interval '2 hours')
       returning id`,
      [hub!.id],
    );
    stopId = stop!.id;

    const finished = await event('finished', OLD);
    await delivery(finished, 'old-sent', 'sent', OLD);
    await delivery(finished, 'old-dead', 'dead', OLD, OLD - 1);
    await delivery(finished, 'old-logged', 'logged', OLD);
    await event('no-deliveries', OLD);
    await event('not-fanned-out', OLD, false);
    await event('recent', RECENT);
    await delivery(await event('waiting', OLD), 'old-pending', 'pending', OLD, OLD - 1);
    await delivery(await event('recently-sent', OLD), 'recent-sent', 'sent', RECENT);
    // Queued long ago, last attempted lately: its history is still recent.
    await delivery(await event('retried', OLD), 'old-retried', 'dead', OLD, RECENT);

    pruned = await pruneOutbox(db, now);
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('forgets sent, dead and logged deliveries last touched more than 30 days ago', () => {
    expect(pruned.deliveries).toBe(3);
  });

  it('keeps pending deliveries however old, and deliveries touched in the last 30 days', async () => {
    expect(await deliveriesLeft()).toEqual(['old-pending', 'old-retried', 'recent-sent']);
  });

  it('forgets fanned-out events older than 30 days once none of their deliveries is left', () => {
    expect(pruned.events).toBe(2);
  });

  it('keeps events not yet fanned out, recent ones, and those with a delivery still kept', async () => {
    expect(await eventsLeft()).toEqual([
      'not-fanned-out',
      'recent',
      'waiting',
      'recently-sent',
      'retried',
    ]);
  });

  it('finds nothing more to forget when run again', async () => {
    expect(await pruneOutbox(db, now)).toEqual({ deliveries: 0, events: 0 });
  });

  it('goes through more rows than one statement takes', async () => {
    const many = await event('many', OLD);
    for (const n of [1, 2, 3, 4, 5]) await delivery(many, `batch-${n}`, 'sent', OLD);
    expect(await pruneOutbox(db, now, OUTBOX_KEEP_MS, 2)).toEqual({ deliveries: 5, events: 1 });
    expect(await eventsLeft()).not.toContain('many');
  });
});
