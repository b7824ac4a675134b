import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  NotificationDeliveryView,
  NotificationLog,
  WebhookCreated,
  WebhookList,
  WebhookView,
} from '@dispatch/shared';
import { TestServer, eventually, type CourierClient } from '../helpers/test-server';
import { WebhookReceiver, outOfOrderStops, verifyWebhook } from '../helpers/webhook-receivers';

const HUB = { lat: -20.46, lng: -54.61 };
const HOUR = 3_600_000;
/** Long enough for a stopped receiver to come back and the backoff to reach it. */
const ARRIVAL_MS = 45_000;

describe('webhooks through the real server and real receivers', () => {
  let server: TestServer;
  let admin: string;
  let hubId: number;
  let quietHubId: number;
  let courier: { id: number; deviceToken: string };
  let device: CourierClient;
  const receivers: WebhookReceiver[] = [];
  const now = Date.now();

  const createHub = async (name: string) =>
    (
      await server.request<{ id: number }>('POST', '/api/v1/hubs', {
        cookie: admin,
        body: { name, ...HUB, timezone: 'America/Campo_Grande' },
      })
    ).body.id;
  const createWebhook = async (body: object, cookie = admin) =>
    server.request<WebhookCreated>('POST', '/api/v1/webhooks', { cookie, body });
  const importStops = async (hub: number, refs: string[], courierId?: number) => {
    const res = await server.request<{ ids: number[] }>('POST', '/api/v1/stops', {
      cookie: admin,
      body: {
        stops: refs.map((ref) => ({
          orderRef: ref,
          address: `Rua ${ref}`,
          ...HUB,
          hubId: hub,
          windowStart: now - HOUR,
          windowEnd: now + 3 * HOUR,
          ...(courierId ? { courierId } : {}),
        })),
      },
    });
    expect(res.status).toBe(201);
    return res.body.ids;
  };
  /** The outbox's event ids of these stops, in order. */
  const outbox = async (stopIds: number[]) =>
    (
      await server.app.db.query<{ id: number }>(
        `select id from notification_events where stop_id = any($1::int[]) order by id`,
        [`{${stopIds.join(',')}}`],
      )
    ).map((r) => String(r.id));
  const deliveriesOf = async (query: string, cookie = admin) =>
    server.request<NotificationLog>('GET', `/api/v1/notifications?${query}`, { cookie });
  const userCookie = async (role: string, hub: number | null) => {
    const email = `${role}-${hub ?? 'all'}@example.com`;
    await server.request('POST', '/api/v1/users', {
      cookie: admin,
      body: { email, name: role, role, password: 'a-long-password', hubId: hub },
    });
    return server.login(email, 'a-long-password');
  };

  beforeAll(async () => {
    server = await TestServer.start({ WEBHOOK_TIMEOUT_MS: 300, NOTIFY_RETRY_MINUTES: 1 });
    admin = await server.login();
    hubId = await createHub('Centro');
    quietHubId = await createHub('Norte');
    courier = await server.createCourier(admin, { hubId, vehicle: 'car' });
    device = await server.connectCourier(courier.deviceToken);
  });
  afterAll(async () => {
    await Promise.all(receivers.map((r) => r.close()));
    await server?.stop();
  });

  it('brings every event to healthy, failing, hanging and stopped receivers, in order per stop, signed', async () => {
    const healthy = await WebhookReceiver.start(200);
    const failing = await WebhookReceiver.start(200);
    failing.plan = [500, 500, 500, 500];
    const hanging = await WebhookReceiver.start(200);
    hanging.plan = ['hold', 'hold'];
    const stoppedPort = await WebhookReceiver.freePort();
    receivers.push(healthy, failing, hanging);
    const secrets = new Map<string, string>();
    for (const url of [
      healthy.url,
      failing.url,
      hanging.url,
      `http://127.0.0.1:${stoppedPort}/hook`,
    ]) {
      const res = await createWebhook({ hubId, url });
      expect(res.status).toBe(201);
      expect(res.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
      secrets.set(url, res.body.secret);
    }

    const [first, second] = await importStops(hubId, ['W-1', 'W-2'], courier.id);
    for (const report of ['stop:arrived', 'stop:delivered'] as const) {
      expect(await device.timeout(5000).emitWithAck(report, { stopId: first! })).toEqual({
        ok: true,
      });
    }
    expect(
      await device
        .timeout(5000)
        .emitWithAck('stop:failed', { stopId: second!, reasonCode: 'not_home' }),
    ).toEqual({ ok: true });
    await server.app.reattempts.settled();
    const cancelled = await server.request('POST', `/api/v1/stops/${second}/cancel`, {
      cookie: admin,
    });
    expect(cancelled.status).toBe(200);
    const expected = await outbox([first!, second!]);
    expect(expected.length).toBeGreaterThanOrEqual(7);

    // The stopped receiver comes up once the others have everything.
    for (const r of [healthy, failing, hanging]) {
      await eventually(
        () => (expected.every((id) => r.eventIds().includes(id)) ? true : undefined),
        ARRIVAL_MS,
        `every event at ${r.url}`,
      );
    }
    const late = await WebhookReceiver.start(200, stoppedPort);
    receivers.push(late);
    await eventually(
      () => (expected.every((id) => late.eventIds().includes(id)) ? true : undefined),
      ARRIVAL_MS,
      'every event at the receiver that was down',
    );

    for (const r of [healthy, failing, hanging, late]) {
      expect(r.eventIds()).toEqual(expect.arrayContaining(expected));
      expect(outOfOrderStops(r.received)).toEqual([]);
      for (const request of r.received) {
        expect(verifyWebhook(secrets.get(r.url)!, request.headers, request.body)).toBe(true);
        expect(request.payload.id).toBe(request.webhookId);
        expect(request.headers['content-type']).toBe('application/json');
      }
    }
    // What failed or hung was sent again, with the same event id and body, until answered 200.
    for (const [r, setback] of [
      [failing, 500],
      [hanging, 'held'],
    ] as const) {
      const missed = r.received.filter((x) => x.answered === setback);
      expect(missed).toHaveLength(setback === 500 ? 4 : 2);
      for (const m of missed) {
        const answered = r.received.find((x) => x.webhookId === m.webhookId && x.answered === 200);
        expect(answered?.body).toBe(m.body);
      }
    }
    expect(healthy.received.map((r) => r.payload.type)).toEqual(
      expect.arrayContaining(['stop.created', 'stop.assigned', 'stop.delivered', 'stop.cancelled']),
    );
    const delivered = healthy.received.find((r) => r.payload.type === 'stop.delivered')!;
    expect(delivered.payload).toMatchObject({
      stopId: first,
      orderRef: 'W-1',
      kind: 'delivery',
      status: 'delivered',
      etaWindow: null,
    });
    expect(delivered.payload.trackingUrl).toMatch(/\/t\/[A-Za-z0-9_-]+$/);

    // The log shows each delivery sent (once the last answers are recorded), attempts counted.
    const log = await eventually(async () => {
      const { body } = await deliveriesOf(`stopId=${first}`);
      return body.deliveries.every((d) => d.status === 'sent') ? body.deliveries : undefined;
    });
    expect(log).toHaveLength((await outbox([first!])).length * 4);
    expect(Math.max(...log.map((d) => d.attempts))).toBeGreaterThan(1);
  }, 120_000);

  describe('on a quiet hub', () => {
    let receiver: WebhookReceiver;
    let webhook: WebhookView;

    beforeAll(async () => {
      receiver = await WebhookReceiver.start(500);
      receivers.push(receiver);
      const res = await createWebhook({ hubId: quietHubId, url: receiver.url });
      webhook = res.body.webhook;
    });

    it('dead-letters a delivery failing past the retry period, then lets the stop’s later events through', async () => {
      const [stopId] = await importStops(quietHubId, ['Q-1']);
      const created = await eventually(async () => {
        const { body } = await deliveriesOf(`stopId=${stopId}`);
        const d = body.deliveries.find((x) => x.type === 'stop.created' && x.attempts >= 2);
        return d;
      }, 20_000);
      // As if the retry period (one minute here) had passed since it was queued.
      await server.app.db.query(
        `update notification_deliveries
         set created_at = created_at - interval '2 minutes', next_attempt_at = now()
         where id = $1`,
        [created.id],
      );
      const dead = await eventually(async () => {
        const { body } = await deliveriesOf(`stopId=${stopId}&status=dead`);
        return body.deliveries[0];
      }, 20_000);
      expect(dead).toMatchObject({ id: created.id, lastStatusCode: 500, nextAttemptAt: null });

      receiver.answer = 200;
      await server.request('POST', `/api/v1/stops/${stopId}/cancel`, { cookie: admin });
      await eventually(() =>
        receiver.received.some((r) => r.payload.type === 'stop.cancelled' && r.answered === 200)
          ? true
          : undefined,
      );
      const after = await eventually(async () => {
        const { body } = await deliveriesOf(`stopId=${stopId}`);
        return body.deliveries.some((d) => d.status === 'pending') ? undefined : body.deliveries;
      });
      expect(after.map((d) => [d.type, d.status])).toEqual([
        ['stop.cancelled', 'sent'],
        ['stop.created', 'dead'],
      ]);
    });

    it('sends a dead delivery again on an admin’s word, with the same Webhook-Id', async () => {
      const { body } = await deliveriesOf(`webhookId=${webhook.id}&status=dead`);
      const dead = body.deliveries[0]!;
      const dispatcher = await userCookie('dispatcher', quietHubId);
      const refused = await server.request('POST', `/api/v1/notifications/${dead.id}/resend`, {
        cookie: dispatcher,
      });
      expect(refused.status).toBe(403);

      const before = receiver.received.length;
      const res = await server.request<NotificationDeliveryView>(
        'POST',
        `/api/v1/notifications/${dead.id}/resend`,
        { cookie: admin },
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: dead.id, status: 'pending', attempts: 0 });
      await eventually(() =>
        receiver.received.slice(before).some((r) => r.webhookId === String(dead.eventId))
          ? true
          : undefined,
      );
      const sent = await eventually(async () => {
        const { body: now } = await deliveriesOf(`stopId=${dead.stopId}&status=sent`);
        return now.deliveries.find((d) => d.id === dead.id);
      });
      expect(sent.attempts).toBe(1);
    });

    it('stops a disabled webhook receiving: pending deliveries dead-lettered, new events not sent', async () => {
      receiver.answer = 500;
      const [stopId] = await importStops(quietHubId, ['Q-2']);
      const pending = await eventually(async () => {
        const { body } = await deliveriesOf(`stopId=${stopId}`);
        return body.deliveries.find((d) => d.attempts >= 1 && d.status === 'pending');
      });
      const early = await server.request<{ code: string; details: unknown }>(
        'POST',
        `/api/v1/notifications/${pending.id}/resend`,
        { cookie: admin },
      );
      expect([early.status, early.body.details]).toEqual([
        409,
        [{ path: 'status', message: 'pending' }],
      ]);

      const off = await server.request<WebhookView>('DELETE', `/api/v1/webhooks/${webhook.id}`, {
        cookie: admin,
      });
      expect(off.status).toBe(200);
      expect(off.body.disabledAt).toEqual(expect.any(Number));
      const { body } = await deliveriesOf(`stopId=${stopId}`);
      expect(body.deliveries.map((d) => [d.status, d.lastError])).toEqual([
        ['dead', 'webhook disabled'],
      ]);
      const toDisabled = await server.request<{ code: string }>(
        'POST',
        `/api/v1/notifications/${pending.id}/resend`,
        { cookie: admin },
      );
      expect([toDisabled.status, toDisabled.body.code]).toEqual([409, 'conflict']);

      receiver.answer = 200;
      const seen = receiver.received.length;
      const [laterStop] = await importStops(quietHubId, ['Q-3']);
      await eventually(async () => {
        const [row] = await server.app.db.query<{ pending: number }>(
          `select count(*)::int as pending from notification_events
           where stop_id = $1 and fanned_out_at is null`,
          [laterStop],
        );
        return row!.pending === 0 ? true : undefined;
      });
      expect((await deliveriesOf(`stopId=${laterStop}`)).body.deliveries).toEqual([]);
      expect(receiver.received.length).toBe(seen);
      const list = await server.request<WebhookList>('GET', '/api/v1/webhooks', { cookie: admin });
      expect(list.body.webhooks.find((w) => w.id === webhook.id)?.disabledAt).toEqual(
        off.body.disabledAt,
      );
    });

    it('counts what it sent, failed and dead-lettered, and what waits, in the metrics', async () => {
      const text = await (await fetch(`${server.url}/metrics`)).text();
      const value = (name: string) => Number(new RegExp(`^${name} (\\d+)$`, 'm').exec(text)?.[1]);
      expect(value('dispatch_notifications_sent_total')).toBeGreaterThan(0);
      expect(value('dispatch_notification_attempts_failed_total')).toBeGreaterThan(0);
      expect(value('dispatch_notifications_dead_total')).toBeGreaterThanOrEqual(1);
      const [pending] = await server.app.db.query<{ n: number }>(
        `select count(*)::int as n from notification_deliveries where status = 'pending'`,
      );
      expect(value('dispatch_notification_queue_depth')).toBe(pending!.n);
    });
  });
});
