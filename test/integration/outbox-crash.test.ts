import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../server/src/db/client';
import { ServerProcess } from '../helpers/server-process';
import { eventually, freshDatabase } from '../helpers/test-server';
import { WebhookReceiver, outOfOrderStops } from '../helpers/webhook-receivers';

const HUB = { lat: -20.46, lng: -54.61 };
const HOUR = 3_600_000;
const ARRIVAL_MS = 60_000;

/**
 * The server killed outright (SIGKILL) at the worst moments for its outbox, then started again
 * on the same database: every stop event still reaches the webhook at least once, in order per
 * stop, a repeat carrying the same Webhook-Id.
 */
describe('stop events survive the server being killed', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let env: Record<string, string>;
  let server: ServerProcess | null = null;
  const receivers: WebhookReceiver[] = [];
  let port = 0;
  const now = Date.now();

  /** Every request the receiver's port saw, across its restarts. */
  const received = () => receivers.flatMap((r) => r.received);
  const arrived = (stopId: number, type: string) =>
    received().some(
      (r) => r.payload.stopId === stopId && r.payload.type === type && r.answered === 200,
    );
  const waitFor = (stopIds: number[], type: string) =>
    eventually(
      () => (stopIds.every((id) => arrived(id, type)) ? true : undefined),
      ARRIVAL_MS,
      `${type} of stops ${stopIds.join(', ')} at the receiver`,
    );
  const restart = async () => {
    server = await ServerProcess.start(env);
    return server.login();
  };

  beforeAll(async () => {
    database = await freshDatabase();
    env = {
      DATA_DIR: database.dataDir,
      ...(database.url ? { DATABASE_URL: database.url } : {}),
      WEB_DIR: `${database.dataDir}/no-web`,
      WEBHOOK_TIMEOUT_MS: '1000',
      // Tracking links in the bodies stay the same from one run of the server to the next.
      PUBLIC_URL: 'http://track.example',
      SUGGESTIONS: 'off',
      DISPATCH_THREAD: 'inline',
    };
    receivers.push(await WebhookReceiver.start(200));
    port = receivers[0]!.port;
  });
  afterAll(async () => {
    await server?.kill();
    await Promise.all(receivers.map((r) => r.close()));
    await database?.drop();
  });

  it('delivers every event at least once, in order per stop, across three kills', async () => {
    let cookie = await restart();
    const hubId = (
      await server!.request<{ id: number }>('POST', '/api/v1/hubs', {
        cookie,
        body: { name: 'Centro', ...HUB },
      })
    ).body.id;
    const hook = await server!.request('POST', '/api/v1/webhooks', {
      cookie,
      body: { hubId, url: receivers[0]!.url },
    });
    expect(hook.status).toBe(201);
    const courierId = (
      await server!.request<{ id: number }>('POST', '/api/v1/couriers', {
        cookie,
        body: { name: 'Ana', vehicle: 'car', hubId, shiftStartMinute: 0, shiftEndMinute: 1440 },
      })
    ).body.id;
    const importStops = async (refs: string[]) => {
      const res = await server!.request<{ ids: number[] }>('POST', '/api/v1/stops', {
        cookie,
        body: {
          stops: refs.map((ref) => ({
            orderRef: ref,
            address: `Rua ${ref}`,
            ...HUB,
            hubId,
            courierId,
            windowStart: now,
            windowEnd: now + 4 * HOUR,
          })),
        },
      });
      expect(res.status).toBe(201);
      return res.body.ids;
    };

    // 1. Killed as soon as the change is committed, the receiver unreachable meanwhile: nothing
    // reached it before the crash.
    await receivers[0]!.close();
    const first = await importStops(['A-1', 'A-2', 'A-3']);
    await server!.kill();
    receivers.push(await WebhookReceiver.start(200, port));
    cookie = await restart();
    await waitFor(first, 'stop.assigned');

    // 2. Killed while the receiver holds the request open, unanswered.
    const receiver = receivers.at(-1)!;
    receiver.answer = 'hold';
    const cancel = await server!.request('POST', `/api/v1/stops/${first[0]}/cancel`, { cookie });
    expect(cancel.status).toBe(200);
    await eventually(
      () => (receiver.held.length > 0 ? true : undefined),
      ARRIVAL_MS,
      'a held request',
    );
    const heldId = receiver.received.at(-1)!.webhookId;
    await server!.kill();
    receiver.release();
    receiver.answer = 200;
    cookie = await restart();
    await waitFor([first[0]!], 'stop.cancelled');
    expect(receiver.received.filter((r) => r.webhookId === heldId).map((r) => r.answered)).toEqual([
      'held',
      200,
    ]);

    // 3. Killed in the middle of a burst of events.
    const burst = await importStops(Array.from({ length: 20 }, (_, i) => `B-${i + 1}`));
    await eventually(
      () =>
        received().filter((r) => burst.includes(r.payload.stopId)).length >= 5 ? true : undefined,
      ARRIVAL_MS,
      'the burst under way',
    );
    await server!.kill();
    cookie = await restart();
    await waitFor(burst, 'stop.assigned');
    // A delivery the receiver answered just before the kill, but not yet recorded as sent, is
    // sent again once its lease runs out: wait for those repeats too.
    await eventually(
      async () => {
        const res = await server!.request<{ deliveries: unknown[] }>(
          'GET',
          '/api/v1/notifications?status=pending&limit=1',
          { cookie },
        );
        return res.status === 200 && res.body.deliveries.length === 0 ? true : undefined;
      },
      ARRIVAL_MS,
      'no delivery left pending',
    );

    // Every event in the outbox reached the receiver, in order per stop.
    await server!.stop();
    server = null;
    const db = await openDatabase({ url: database.url, dataDir: database.dataDir });
    const outbox = await db.query<{ id: number; stop_id: number }>(
      'select id, stop_id from notification_events order by id',
    );
    const pending = await db.query<{ n: number }>(
      `select count(*)::int as n from notification_deliveries where status <> 'sent'`,
    );
    await db.close();
    expect(outbox.length).toBe(2 * (first.length + burst.length) + 1);
    const ids = new Set(
      received()
        .filter((r) => r.answered === 200)
        .map((r) => r.webhookId),
    );
    expect(outbox.filter((e) => !ids.has(String(e.id)))).toEqual([]);
    expect(pending[0]!.n).toBe(0);
    expect(outOfOrderStops(received())).toEqual([]);
    // A repeat is the same event: same Webhook-Id, same body.
    const bodies = new Map<string, Set<string>>();
    for (const r of received())
      bodies.set(r.webhookId, (bodies.get(r.webhookId) ?? new Set()).add(r.body));
    expect([...bodies.values()].filter((b) => b.size > 1)).toEqual([]);
    expect(received().length).toBeGreaterThan(ids.size);
  }, 300_000);
});
