import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotificationLog, WebhookCreated, WebhookList } from '@dispatch/shared';
import { TestServer } from '../helpers/test-server';

const HUB = { lat: -20.46, lng: -54.61 };
const HOUR = 3_600_000;

describe('who may manage webhooks and read the notifications log', () => {
  let server: TestServer;
  let admin: string;
  let hubId: number;
  let quietHubId: number;
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
  const importStop = async (hub: number, ref: string) => {
    const res = await server.request<{ ids: number[] }>('POST', '/api/v1/stops', {
      cookie: admin,
      body: {
        stops: [
          {
            orderRef: ref,
            address: `Rua ${ref}`,
            ...HUB,
            hubId: hub,
            windowStart: now,
            windowEnd: now + HOUR,
          },
        ],
      },
    });
    expect(res.status).toBe(201);
    return res.body.ids[0]!;
  };
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
    server = await TestServer.start();
    admin = await server.login();
    hubId = await createHub('Centro');
    quietHubId = await createHub('Norte');
  });
  afterAll(() => server?.stop());

  it('lets only admins create, list and disable webhooks, and never shows a secret again', async () => {
    const dispatcher = await userCookie('dispatcher', hubId);
    const supervisor = await userCookie('supervisor', null);
    for (const cookie of [dispatcher, supervisor]) {
      expect((await createWebhook({ hubId, url: 'https://x.example/a' }, cookie)).status).toBe(403);
      expect((await server.request('GET', '/api/v1/webhooks', { cookie })).status).toBe(403);
      expect((await server.request('DELETE', '/api/v1/webhooks/1', { cookie })).status).toBe(403);
    }
    expect((await server.request('GET', '/api/v1/webhooks')).status).toBe(401);
    const list = await server.request<WebhookList>('GET', '/api/v1/webhooks', { cookie: admin });
    expect(list.status).toBe(200);
    expect(JSON.stringify(list.body)).not.toContain('whsec_');
  });

  it('refuses bad webhooks with a typed error and creates nothing', async () => {
    const before = (await server.request<WebhookList>('GET', '/api/v1/webhooks', { cookie: admin }))
      .body.webhooks.length;
    const [shop] = await server.app.db.query<{ id: number }>(
      `insert into shops (hub_id, name) values ($1, 'Loja Norte') returning id`,
      [quietHubId],
    );
    const cases: [object, number, string][] = [
      [{ hubId, url: 'ftp://x.example/hook' }, 400, 'invalid'],
      [{ hubId, url: 'https://x.example/hook', eventTypes: ['stop.exploded'] }, 400, 'invalid'],
      [{ hubId, url: 'https://x.example/hook', secret: 'mine' }, 400, 'invalid'],
      [{ hubId: 9999, url: 'https://x.example/hook' }, 404, 'not_found'],
      [{ hubId, shopId: shop!.id, url: 'https://x.example/hook' }, 400, 'invalid'],
    ];
    for (const [body, status, code] of cases) {
      const res = await server.request<{ code: string }>('POST', '/api/v1/webhooks', {
        cookie: admin,
        body,
      });
      expect([res.status, res.body.code]).toEqual([status, code]);
    }
    const first = await createWebhook({ hubId, url: 'https://x.example/twice' });
    expect(first.status).toBe(201);
    const twice = await createWebhook({ hubId, url: 'https://x.example/twice' });
    expect([twice.status, (twice.body as unknown as { code: string }).code]).toEqual([
      409,
      'conflict',
    ]);
    const after = (await server.request<WebhookList>('GET', '/api/v1/webhooks', { cookie: admin }))
      .body.webhooks.length;
    expect(after).toBe(before + 1);
    await server.request('DELETE', `/api/v1/webhooks/${first.body.webhook.id}`, {
      cookie: admin,
    });
  });

  it("shows a stop's deliveries to its hub's console users, and the whole log to admins only", async () => {
    const stopId = await importStop(hubId, 'ACL-1');
    const own = await userCookie('dispatcher', hubId);
    const other = await userCookie('dispatcher', quietHubId);
    const supervisor = await userCookie('supervisor', null);
    expect((await deliveriesOf(`stopId=${stopId}`, own)).status).toBe(200);
    expect((await deliveriesOf(`stopId=${stopId}`, supervisor)).status).toBe(200);
    const refused = await deliveriesOf(`stopId=${stopId}`, other);
    expect([refused.status, (refused.body as unknown as { code: string }).code]).toEqual([
      404,
      'not_found',
    ]);
    expect((await deliveriesOf('status=dead', own)).status).toBe(403);
    expect((await deliveriesOf('status=dead', admin)).status).toBe(200);
    expect((await deliveriesOf('stopId=999999', admin)).status).toBe(404);
    expect((await deliveriesOf('status=lost', admin)).status).toBe(400);
    expect((await deliveriesOf('limit=501', admin)).status).toBe(400);
  });

  it('answers not_found for sending again a delivery that does not exist', async () => {
    expect(
      (await server.request('POST', '/api/v1/notifications/999999/resend', { cookie: admin }))
        .status,
    ).toBe(404);
  });
});
