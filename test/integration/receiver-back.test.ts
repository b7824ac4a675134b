import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/src/db/client';
import { migrate } from '../../server/src/db/migrate';
import { DeliveryStore } from '../../server/src/notifications/delivery-store';
import { freshDatabase } from '../helpers/test-server';

const HOUR = 3_600_000;

/**
 * A receiver that was down and answers again: once one of its retries gets through, what waits
 * for it in backoff is due at once; other receivers' backoff is left alone, and a first attempt
 * that got through wakes nothing.
 */
describe('a receiver coming back', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let db: Database;
  let store: DeliveryStore;
  let stopId: number;

  /** One delivery of its own outbox event (deliveries are unique per event and receiver). */
  const delivery = async (recipient: string, attempts: number, dueInMs: number) => {
    const [event] = await db.query<{ id: number }>(
      `insert into notification_events (stop_id, type, data) values ($1, 'stop.assigned', '{}')
       returning id`,
      [stopId],
    );
    const [row] = await db.query<{ id: number }>(
      `insert into notification_deliveries
         (event_id, stop_id, channel, recipient, status, attempts, next_attempt_at)
       values ($1, $2, 'webhook', $3, 'pending', $4, $5) returning id`,
      [event!.id, stopId, recipient, attempts, new Date(Date.now() + dueInMs).toISOString()],
    );
    return row!.id;
  };
  const dueNow = async (id: number) =>
    (
      await db.query<{ due: boolean }>(
        'select next_attempt_at <= now() as due from notification_deliveries where id = $1',
        [id],
      )
    )[0]!.due;

  beforeAll(async () => {
    database = await freshDatabase();
    db = await openDatabase({ url: database.url, dataDir: database.dataDir });
    await migrate(db);
    store = new DeliveryStore(db);
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
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  it('makes a receiver’s deliveries in backoff due when one of its retries gets through', async () => {
    const back = 'http://back.example/hook';
    const retried = await delivery(back, 3, -1000);
    const waiting = [await delivery(back, 2, HOUR), await delivery(back, 0, HOUR)];
    const elsewhere = await delivery('http://still-down.example/hook', 4, HOUR);

    await store.recordAttempts([
      { deliveryId: retried, outcome: 'sent', at: Date.now(), statusCode: 200 },
    ]);

    for (const id of waiting) expect(await dueNow(id)).toBe(true);
    expect(await dueNow(elsewhere)).toBe(false);
  });

  it('leaves backoff alone when a first attempt gets through', async () => {
    const receiver = 'http://flaky.example/hook';
    const first = await delivery(receiver, 0, -1000);
    const waiting = await delivery(receiver, 2, HOUR);

    await store.recordAttempts([
      { deliveryId: first, outcome: 'sent', at: Date.now(), statusCode: 200 },
    ]);

    expect(await dueNow(waiting)).toBe(false);
  });
});
