import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  ApiKeyCreated,
  ApiKeyList,
  OrderCreated,
  OrderInput,
  Shop,
  Stop,
  StopChange,
  WireError,
} from '@dispatch/shared';
import { orderInput, orderRowCounts, orderStopRows } from '../factories/shop-orders';
import { TestServer } from '../helpers/test-server';

const HUB = { lat: -20.4697, lng: -54.6201, timezone: 'America/Campo_Grande' };
const HOUR = 3_600_000;
const UNAUTHORIZED = "a valid API key is required (Authorization: Bearer <the shop's API key>)";

describe('orders from shops through the orders API', () => {
  let server: TestServer;
  let admin: string;
  let dispatcher: string;
  let hubId: number;
  let otherHubId: number;
  let shop: Shop;
  let key: string;
  let orders = 0;

  /** A fresh order later today, with a reference of its own. */
  const order = (over: Partial<OrderInput> = {}) => orderInput(`ORD-${++orders}`, over);
  const post = (
    body: unknown,
    headers: { key?: string | null; idempotency?: string | null; cookie?: string } = {},
  ) => {
    const h: Record<string, string> = {};
    const bearer = headers.key === undefined ? key : headers.key;
    if (bearer !== null) h.authorization = `Bearer ${bearer}`;
    const idem = headers.idempotency === undefined ? `idem-${orders}` : headers.idempotency;
    if (idem !== null) h['idempotency-key'] = idem;
    return server.request<OrderCreated & WireError>('POST', '/api/v1/orders', {
      body,
      headers: h,
      ...(headers.cookie ? { cookie: headers.cookie } : {}),
    });
  };
  const createShop = (name: string, hub = hubId) =>
    server.request<Shop & WireError>('POST', '/api/v1/shops', {
      cookie: admin,
      body: { hubId: hub, name },
    });
  const createKey = (shopId: number, name = 'Checkout') =>
    server.request<ApiKeyCreated & WireError>('POST', `/api/v1/shops/${shopId}/api-keys`, {
      cookie: admin,
      body: { name },
    });
  const counts = () => orderRowCounts(server.app.db);
  const stopsOf = (reference: string) => orderStopRows(server.app.db, reference);

  beforeAll(async () => {
    server = await TestServer.start();
    admin = await server.login();
    const hub = async (name: string) =>
      (
        await server.request<{ id: number }>('POST', '/api/v1/hubs', {
          cookie: admin,
          body: { name, ...HUB },
        })
      ).body.id;
    hubId = await hub('Centro');
    otherHubId = await hub('Norte');
    const created = await server.request('POST', '/api/v1/users', {
      cookie: admin,
      body: {
        email: 'dispatcher@example.com',
        name: 'Dani',
        role: 'dispatcher',
        password: 'desk-shift-password',
      },
    });
    expect(created.status).toBe(201);
    dispatcher = await server.login('dispatcher@example.com', 'desk-shift-password');
    shop = (await createShop('Loja Centro')).body;
    key = (await createKey(shop.id)).body.key;
  });
  afterAll(() => server?.stop());

  describe('POST /api/v1/orders', () => {
    it('creates the delivery at the key’s hub with a tracking link that opens it', async () => {
      const changes: StopChange[][] = [];
      const off = server.app.bus.on('stops:changed', (c) => changes.push(c));
      const before = await counts();
      const input = order({
        customer: { name: 'Ana Lima', email: 'ana@example.com', language: 'pt-BR' },
        parcels: 2,
        serviceTier: 'express',
        notes: 'Portão azul',
      });
      const res = await post(input);
      off();
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        reference: input.reference,
        hubId,
        pickupStopId: null,
        status: 'unassigned',
        deliveryCode: null,
      });
      expect(res.body.trackingUrl).toMatch(/\/t\/[A-Za-z0-9_-]{43}$/);
      const token = res.body.trackingUrl.split('/t/')[1]!;
      expect(await server.app.customers.links.stopIdFor(token)).toBe(res.body.stopId);

      const listed = await server.request<{ stops: Stop[] }>(
        'GET',
        `/api/v1/stops?hubId=${hubId}`,
        { cookie: dispatcher },
      );
      expect(listed.body.stops.find((s) => s.id === res.body.stopId)).toMatchObject({
        kind: 'delivery',
        orderRef: input.reference,
        hubId,
        status: 'unassigned',
        demand: 2,
        slaTier: 'express',
        customerName: 'Ana Lima',
        customerEmail: 'ana@example.com',
      });
      const [row] = await stopsOf(input.reference);
      expect(row).toMatchObject({ shop_id: shop.id, customer_language: 'pt-BR' });
      // Consoles heard of the stop, and the outbox has its creation for the shop's webhooks.
      expect(changes.flat().map((c) => c.id)).toContain(res.body.stopId);
      const outbox = await server.app.db.query<{ type: string; shop_id: number }>(
        'select type, shop_id from notification_events where stop_id = $1',
        [res.body.stopId],
      );
      expect(outbox).toEqual([{ type: 'stop.created', shop_id: shop.id }]);
      expect(await counts()).toEqual({
        stops: before.stops + 1,
        idempotency: before.idempotency + 1,
        outbox: before.outbox + 1,
      });
      const events = await server.app.db.query<{ actor_type: string; actor_id: number }>(
        `select actor_type, actor_id from events where kind = 'stop.created' and subject_id = $1`,
        [res.body.stopId],
      );
      expect(events).toEqual([{ actor_type: 'api_key', actor_id: expect.any(Number) as number }]);
    });

    it('answers the same body again for the same key and body, creating nothing more', async () => {
      const input = order();
      const first = await post(input, { idempotency: 'retry-me' });
      expect(first.status).toBe(201);
      const before = await counts();
      const reordered = Object.fromEntries(Object.entries(input).reverse());
      const again = await post(reordered, { idempotency: 'retry-me' });
      expect(again.status).toBe(201);
      expect(again.body).toEqual(first.body);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(await counts()).toEqual(before);
      expect(await stopsOf(input.reference)).toHaveLength(1);
    });

    it('refuses the same key with another body as a conflict, writing nothing', async () => {
      const input = order();
      expect((await post(input, { idempotency: 'one-key' })).status).toBe(201);
      const before = await counts();
      const other = await post({ ...input, address: 'Rua Outra, 5' }, { idempotency: 'one-key' });
      expect(other.status).toBe(409);
      expect(other.body.code).toBe('conflict');
      expect(other.body.message).toContain('Idempotency-Key');
      expect(await counts()).toEqual(before);
    });

    it('creates one order for two requests with one key sent at once', async () => {
      const input = order();
      const before = await counts();
      const [a, b] = await Promise.all([
        post(input, { idempotency: 'at-once' }),
        post(input, { idempotency: 'at-once' }),
      ]);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(b.body).toEqual(a.body);
      expect(await stopsOf(input.reference)).toHaveLength(1);
      expect((await counts()).stops).toBe(before.stops + 1);
    });

    it('refuses a reference the hub already has, sent with another key, as a conflict', async () => {
      const input = order();
      expect((await post(input, { idempotency: 'first' })).status).toBe(201);
      const before = await counts();
      const dup = await post({ ...input, address: 'Elsewhere 1' }, { idempotency: 'second' });
      expect(dup.status).toBe(409);
      expect(dup.body.code).toBe('conflict');
      expect(dup.body.message).toContain(`reference ${input.reference} already exists`);
      expect(await counts()).toEqual(before);
    });

    it('creates one order for one reference sent at once with two keys', async () => {
      const input = order();
      const answers = await Promise.all([
        post(input, { idempotency: 'race-a' }),
        post(input, { idempotency: 'race-b' }),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
      expect(answers.find((a) => a.status === 409)!.body.code).toBe('conflict');
      expect(await stopsOf(input.reference)).toHaveLength(1);
    });

    it('requires an Idempotency-Key header', async () => {
      const before = await counts();
      for (const idempotency of [null, '', 'x'.repeat(201)]) {
        const res = await post(order(), { idempotency });
        expect(res.status).toBe(400);
        expect(res.body.code).toBe('invalid');
        expect(res.body.message).toContain('Idempotency-Key');
      }
      expect(await counts()).toEqual(before);
    });

    it('refuses bad fields with a typed error, writing nothing', async () => {
      const before = await counts();
      const start = Date.now() + HOUR;
      const cases: [string, unknown][] = [
        ['missing customer name', { ...order(), customer: { email: 'a@example.com' } }],
        ['bad email', order({ customer: { name: 'Ana', email: 'not-an-email' } })],
        ['lat 91', order({ lat: 91 })],
        [
          'window end before start',
          order({
            windowStart: new Date(start).toISOString(),
            windowEnd: new Date(start - HOUR).toISOString(),
          }),
        ],
        [
          'window ended two days ago',
          order({ windowStart: Date.now() - 50 * HOUR, windowEnd: Date.now() - 48 * HOUR }),
        ],
        ['unknown field', { ...order(), priority: 'high' }],
        ['a hub of its own choosing', { ...order(), hubId: otherHubId }],
      ];
      for (const [name, body] of cases) {
        const res = await post(body, { idempotency: `bad-${name}` });
        expect([name, res.status, res.body.code]).toEqual([name, 400, 'invalid']);
        expect(res.body.details?.length ?? 0).toBeGreaterThan(0);
      }
      expect(await counts()).toEqual(before);
    });

    it('takes a refused request’s key again once the order is fixed', async () => {
      const input = order();
      const bad = await post({ ...input, lat: 91 }, { idempotency: 'fix-and-retry' });
      expect(bad.status).toBe(400);
      const fixed = await post(input, { idempotency: 'fix-and-retry' });
      expect(fixed.status).toBe(201);
    });

    it('refuses a missing, wrong or revoked key, and a console session, all alike', async () => {
      const made = await createKey(shop.id, 'Soon revoked');
      const revokedKey = made.body.key;
      expect((await post(order(), { key: revokedKey })).status).toBe(201);
      const revoke = await server.request<{ revokedAt: number | null }>(
        'DELETE',
        `/api/v1/api-keys/${made.body.apiKey.id}`,
        { cookie: admin },
      );
      expect(revoke.status).toBe(200);
      expect(revoke.body.revokedAt).toEqual(expect.any(Number));
      const revokedEvents = await server.app.db.query(
        `select 1 from events where kind = 'api_key.revoked' and data->>'apiKeyId' = $1`,
        [String(made.body.apiKey.id)],
      );
      expect(revokedEvents).toHaveLength(1);

      const before = await counts();
      const wrong = `dk_live_${'A'.repeat(43)}`;
      for (const [name, headers] of [
        ['no key', { key: null }],
        ['not a key', { key: 'hello' }],
        ['unknown key', { key: wrong }],
        ['revoked key', { key: revokedKey }],
        ['console session', { key: null, cookie: dispatcher }],
        ['admin session', { key: null, cookie: admin }],
      ] as const) {
        const res = await post(order(), headers);
        expect([name, res.status, res.body]).toEqual([
          name,
          401,
          { code: 'unauthorized', message: UNAUTHORIZED },
        ]);
      }
      expect(await counts()).toEqual(before);
    });

    it('notes when a key was last used', async () => {
      const made = await createKey(shop.id, 'Usage');
      expect((await post(order(), { key: made.body.key })).status).toBe(201);
      const list = await server.request<ApiKeyList>('GET', `/api/v1/shops/${shop.id}/api-keys`, {
        cookie: admin,
      });
      const used = list.body.apiKeys.find((k) => k.id === made.body.apiKey.id)!;
      expect(used.lastUsedAt).toEqual(expect.any(Number));
    });

    it('puts a key’s orders at its own hub only', async () => {
      const northShop = (await createShop('Loja Norte', otherHubId)).body;
      const northKey = (await createKey(northShop.id)).body.key;
      const input = order();
      const res = await post(input, { key: northKey });
      expect(res.status).toBe(201);
      expect(res.body.hubId).toBe(otherHubId);
      const rows = await stopsOf(input.reference);
      expect(rows.map((r) => [r.hub_id, r.shop_id])).toEqual([[otherHubId, northShop.id]]);
      // The same reference is another order at another hub.
      expect((await post(input, { idempotency: 'centro-too' })).status).toBe(201);
      expect((await stopsOf(input.reference)).map((r) => r.hub_id).sort()).toEqual(
        [hubId, otherHubId].sort(),
      );
    });

    it('makes a pickup first and the delivery after, with one reference', async () => {
      const start = Date.now() + HOUR;
      const input = order({
        parcels: 3,
        pickup: {
          address: 'Loja Centro, Rua 7',
          lat: -20.47,
          lng: -54.62,
          windowStart: new Date(start).toISOString(),
          windowEnd: new Date(start + HOUR).toISOString(),
        },
      });
      const res = await post(input);
      expect(res.status).toBe(201);
      const rows = await stopsOf(input.reference);
      expect(rows.map((r) => [r.id, r.kind, r.demand, r.shop_id])).toEqual([
        [res.body.pickupStopId, 'pickup', 3, shop.id],
        [res.body.stopId, 'delivery', 3, shop.id],
      ]);
      expect(res.body.pickupStopId!).toBeLessThan(res.body.stopId);
      expect(rows[0]!.customer_email).toBeNull();
      expect(rows[1]!.customer_email).toBe('ana@example.com');
    });

    it('answers the delivery code when the order requires one', async () => {
      const input = order({ requiresCode: true });
      const res = await post(input);
      expect(res.status).toBe(201);
      expect(res.body.deliveryCode).toMatch(/^\d{4}$/);
      expect((await stopsOf(input.reference))[0]!.delivery_code).toBe(res.body.deliveryCode);
    });
  });
});
