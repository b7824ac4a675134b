import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiKeyCreated, ApiKeyList, Shop, ShopList, WireError } from '@dispatch/shared';
import { IdempotencyKeys } from '../../server/src/orders/idempotency-keys';
import { TestServer } from '../helpers/test-server';

const HUB = { lat: -20.4697, lng: -54.6201, timezone: 'America/Campo_Grande' };

describe('shops and their API keys for the orders API', () => {
  let server: TestServer;
  let admin: string;
  let dispatcher: string;
  let hubId: number;
  let shop: Shop;

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

  beforeAll(async () => {
    server = await TestServer.start();
    admin = await server.login();
    hubId = (
      await server.request<{ id: number }>('POST', '/api/v1/hubs', {
        cookie: admin,
        body: { name: 'Centro', ...HUB },
      })
    ).body.id;
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
  });
  afterAll(() => server?.stop());

  it('lets an admin create a shop for a hub and list it, with an event on the hub', async () => {
    const made = await createShop('Farmácia Sul');
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ hubId, name: 'Farmácia Sul' });
    const list = await server.request<ShopList>('GET', '/api/v1/shops', { cookie: admin });
    expect(list.body.shops.map((s) => s.name)).toContain('Farmácia Sul');
    const events = await server.app.db.query<{ subject_type: string; subject_id: number }>(
      `select subject_type, subject_id from events where kind = 'shop.created' and data->>'shopId' = $1`,
      [String(made.body.id)],
    );
    expect(events).toEqual([{ subject_type: 'hub', subject_id: hubId }]);
  });

  it('refuses a shop for a hub that does not exist', async () => {
    const made = await createShop('Nowhere', 9999);
    expect(made.status).toBe(400);
    expect(made.body.code).toBe('invalid');
  });

  it('shows a new key once; lists keep only its prefix and store only its SHA-256', async () => {
    const made = await createKey(shop.id, 'Warehouse');
    expect(made.status).toBe(201);
    expect(made.body.key).toMatch(/^dk_live_[A-Za-z0-9_-]{43}$/);
    expect(made.body.apiKey).toMatchObject({
      shopId: shop.id,
      hubId,
      name: 'Warehouse',
      prefix: made.body.key.slice(0, 12),
      lastUsedAt: null,
      revokedAt: null,
    });
    const list = await server.request<ApiKeyList>('GET', `/api/v1/shops/${shop.id}/api-keys`, {
      cookie: admin,
    });
    expect(list.status).toBe(200);
    expect(list.body.apiKeys.map((k) => k.id)).toContain(made.body.apiKey.id);
    expect(JSON.stringify(list.body)).not.toContain(made.body.key);
    const [stored] = await server.app.db.query<{ key_hash: string }>(
      'select key_hash from api_keys where id = $1',
      [made.body.apiKey.id],
    );
    expect(stored!.key_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored!.key_hash).not.toContain(made.body.key.slice(8));
  });

  it('answers not found for the keys of a shop that does not exist', async () => {
    const made = await createKey(9999);
    expect(made.status).toBe(404);
    const list = await server.request<WireError>('GET', '/api/v1/shops/9999/api-keys', {
      cookie: admin,
    });
    expect(list.status).toBe(404);
  });

  it('is for admins only', async () => {
    for (const [method, path, body] of [
      ['GET', '/api/v1/shops', undefined],
      ['POST', '/api/v1/shops', { hubId, name: 'X' }],
      ['GET', `/api/v1/shops/${shop.id}/api-keys`, undefined],
      ['POST', `/api/v1/shops/${shop.id}/api-keys`, { name: 'X' }],
      ['DELETE', '/api/v1/api-keys/1', undefined],
    ] as const) {
      const asDispatcher = await server.request<WireError>(method, path, {
        cookie: dispatcher,
        ...(body ? { body } : {}),
      });
      expect([path, asDispatcher.status]).toEqual([path, 403]);
      const asNobody = await server.request<WireError>(method, path, body ? { body } : {});
      expect([path, asNobody.status]).toEqual([path, 401]);
    }
  });

  it('forgets idempotency records older than a week, keeping newer ones', async () => {
    for (const [key, daysAgo] of [
      ['old', 8],
      ['recent', 6],
    ] as const)
      await server.app.db.query(
        `insert into idempotency_keys (shop_id, key, request_hash, status_code, response, created_at)
         values ($1, $2, 'h', 201, '{}', now() - make_interval(days => $3))`,
        [shop.id, key, daysAgo],
      );
    expect(await new IdempotencyKeys(server.app.db.orm).pruneExpired()).toBe(1);
    const left = await server.app.db.query<{ key: string }>(
      'select key from idempotency_keys where shop_id = $1',
      [shop.id],
    );
    expect(left).toEqual([{ key: 'recent' }]);
  });

  it('lists the orders, shops and API key routes in the API document', async () => {
    const doc = await server.request<{
      paths: Record<
        string,
        Record<string, { security?: unknown; parameters?: { name: string }[] }>
      >;
    }>('GET', '/docs/json', { cookie: admin });
    expect(Object.keys(doc.body.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/orders',
        '/api/v1/shops',
        '/api/v1/shops/{id}/api-keys',
        '/api/v1/api-keys/{id}',
      ]),
    );
    const create = doc.body.paths['/api/v1/orders']!.post!;
    expect(create.security).toEqual([{ shopApiKey: [] }]);
    expect(create.parameters?.map((p) => p.name)).toContain('idempotency-key');
  });
});
