import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../helpers/test-server';

const day = Date.UTC(2026, 10, 27);
const stop = (i: number, extra: Record<string, unknown> = {}) => ({
  orderRef: `ORD-${i}`,
  address: `Rua ${i}, Campo Grande`,
  lat: -20.46 + i * 0.001,
  lng: -54.61 + i * 0.001,
  windowStart: new Date(day + 9 * 3600_000).toISOString(),
  windowEnd: new Date(day + 11 * 3600_000).toISOString(),
  ...extra,
});

describe('accounts, sessions and roles', () => {
  let server: TestServer;
  let admin: string;

  beforeAll(async () => {
    server = await TestServer.start();
    admin = await server.login();
  });
  afterAll(() => server?.stop());

  it('creates the admin from the environment once', async () => {
    const me = await server.request<{ user: { role: string } }>('GET', '/api/v1/auth/me', {
      cookie: admin,
    });
    expect(me.body.user.role).toBe('admin');
    await server.restart();
    const count = await server.app.db.query<{ n: number }>('select count(*)::int as n from users');
    expect(count[0]!.n).toBe(1);
  });

  it('stores passwords hashed and sets an httpOnly SameSite=Lax session cookie', async () => {
    const rows = await server.app.db.query<{ password_hash: string }>(
      'select password_hash from users',
    );
    expect(rows[0]!.password_hash).toMatch(/^scrypt\$/);
    const res = await fetch(`${server.url}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@example.com', password: 'admin-password' }),
    });
    const setCookie = res.headers.getSetCookie()[0]!;
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
  });

  it('refuses a wrong password with 401', async () => {
    const res = await server.request('POST', '/api/v1/auth/login', {
      body: { email: 'admin@example.com', password: 'nope' },
    });
    expect(res).toMatchObject({ status: 401, body: { code: 'unauthorized' } });
  });

  it('ends the session on logout', async () => {
    const cookie = await server.login();
    expect((await server.request('POST', '/api/v1/auth/logout', { cookie })).status).toBe(204);
    expect((await server.request('GET', '/api/v1/auth/me', { cookie })).status).toBe(401);
  });

  it('lets only admins manage couriers; dispatchers can read the fleet', async () => {
    const created = await server.request('POST', '/api/v1/users', {
      cookie: admin,
      body: {
        email: 'dina@example.com',
        name: 'Dina',
        role: 'dispatcher',
        password: 'dispatcher-pw',
      },
    });
    expect(created.status).toBe(201);
    const dispatcher = await server.login('dina@example.com', 'dispatcher-pw');
    const refused = await server.request('POST', '/api/v1/couriers', {
      cookie: dispatcher,
      body: { name: 'X', vehicle: 'car' },
    });
    expect(refused).toMatchObject({ status: 403, body: { code: 'forbidden' } });
    expect((await server.request('GET', '/api/v1/couriers', { cookie: dispatcher })).status).toBe(
      200,
    );
    expect((await server.request('GET', '/api/v1/couriers')).status).toBe(401);
  });

  it('creates, reads and updates a courier; the token is shown once and stored hashed', async () => {
    const res = await server.request<{ id: number; deviceToken: string }>(
      'POST',
      '/api/v1/couriers',
      {
        cookie: admin,
        body: { name: 'Ana', vehicle: 'scooter', externalDeviceId: 'ana-1' },
      },
    );
    expect(res.status).toBe(201);
    expect(res.body.deviceToken.length).toBeGreaterThan(30);
    const stored = await server.app.db.query<{ device_token_hash: string }>(
      'select device_token_hash from couriers where id = $1',
      [res.body.id],
    );
    expect(stored[0]!.device_token_hash).not.toBe(res.body.deviceToken);
    const got = await server.request<Record<string, unknown>>(
      'GET',
      `/api/v1/couriers/${res.body.id}`,
      { cookie: admin },
    );
    expect(got.body).toMatchObject({ name: 'Ana', vehicle: 'scooter', lastFix: null, cell: null });
    expect(JSON.stringify(got.body)).not.toContain(res.body.deviceToken);
    const patched = await server.request('PATCH', `/api/v1/couriers/${res.body.id}`, {
      cookie: admin,
      body: { name: 'Ana B', vehicle: 'car' },
    });
    expect(patched).toMatchObject({ status: 200, body: { name: 'Ana B', vehicle: 'car' } });
    const dup = await server.request('POST', '/api/v1/couriers', {
      cookie: admin,
      body: { name: 'Other', vehicle: 'car', externalDeviceId: 'ana-1' },
    });
    expect(dup).toMatchObject({ status: 409, body: { code: 'conflict' } });
    const bad = await server.request('POST', '/api/v1/couriers', {
      cookie: admin,
      body: { name: 'Y', vehicle: 'rocket' },
    });
    expect(bad).toMatchObject({ status: 400, body: { code: 'invalid' } });
  });

  it('serves the OpenAPI document at /docs to signed-in users', async () => {
    const cookie = await server.login();
    expect((await fetch(`${server.url}/docs`, { headers: { cookie } })).status).toBe(200);
    const spec = (await (
      await fetch(`${server.url}/docs/json`, { headers: { cookie } })
    ).json()) as {
      paths: Record<string, unknown>;
    };
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining(['/api/v1/pings', '/api/v1/couriers', '/api/v1/stops/import']),
    );
  });
});

describe('stop import', () => {
  let server: TestServer;
  let admin: string;
  let courierId: number;

  beforeAll(async () => {
    server = await TestServer.start();
    admin = await server.login();
    courierId = (await server.createCourier(admin)).id;
  });
  afterAll(() => server?.stop());

  const countStops = async () =>
    (await server.app.db.query<{ n: number }>('select count(*)::int as n from stops'))[0]!.n;

  it('imports stops from JSON and places assigned ones on the route in order', async () => {
    const res = await server.request<{ imported: number }>('POST', '/api/v1/stops', {
      cookie: admin,
      body: { stops: [stop(1, { courierId }), stop(2, { courierId }), stop(3)] },
    });
    expect(res).toMatchObject({ status: 201, body: { imported: 3 } });
    const route = await server.request<{
      version: number;
      stops: { seq: number; orderRef: string }[];
    }>('GET', `/api/v1/couriers/${courierId}/route`, { cookie: admin });
    expect(route.body.version).toBe(1);
    expect(route.body.stops.map((s) => [s.seq, s.orderRef])).toEqual([
      [1, 'ORD-1'],
      [2, 'ORD-2'],
    ]);
  });

  it('imports nothing when one JSON stop is bad, naming each bad one', async () => {
    const before = await countStops();
    const res = await server.request<{
      code: string;
      details: { path: string; message: string }[];
    }>('POST', '/api/v1/stops', {
      cookie: admin,
      body: {
        stops: [
          stop(10),
          stop(11, { lat: 123 }),
          stop(12, { windowEnd: new Date(day).toISOString() }),
          stop(13, { courierId: 9999 }),
        ],
      },
    });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('invalid');
    expect(res.body.details.map((d) => d.path)).toEqual(['stops[1]', 'stops[2]']);
    expect(await countStops()).toBe(before);
  });

  it('imports stops from CSV', async () => {
    const csv = [
      'order_ref,kind,address,lat,lng,window_start,window_end,service_seconds,demand,sla_tier',
      `C-1,delivery,"Rua A, 10",-20.45,-54.6,${new Date(day + 3600_000).toISOString()},${new Date(day + 7200_000).toISOString()},180,2,express`,
      `C-2,pickup,Rua B 20,-20.46,-54.61,${day + 3600_000},${day + 7200_000},,,`,
    ].join('\n');
    const before = await countStops();
    const res = await server.request('POST', '/api/v1/stops/import', {
      cookie: admin,
      headers: { 'content-type': 'text/csv' },
      raw: csv,
    });
    expect(res).toMatchObject({ status: 201, body: { imported: 2 } });
    expect(await countStops()).toBe(before + 2);
    const list = await server.request<{
      stops: { orderRef: string; slaTier: string; serviceSeconds: number }[];
    }>('GET', '/api/v1/stops?limit=100', { cookie: admin });
    expect(list.body.stops.find((s) => s.orderRef === 'C-1')).toMatchObject({
      slaTier: 'express',
      serviceSeconds: 180,
    });
  });

  it('reports bad CSV rows by line and imports nothing', async () => {
    const csv = [
      'order_ref,address,lat,lng,window_start,window_end',
      `D-1,Rua C,-20.45,-54.6,${day},${day + 3600_000}`,
      `D-2,Rua D,not-a-number,-54.6,${day},${day + 3600_000}`,
      `D-3,Rua E,-20.45,-54.6,${day},${day - 1}`,
      `D-1,Rua F,-20.45,-54.6,${day},${day + 3600_000}`,
    ].join('\n');
    const before = await countStops();
    const res = await server.request<{ details: { path: string }[] }>(
      'POST',
      '/api/v1/stops/import',
      {
        cookie: admin,
        headers: { 'content-type': 'text/csv' },
        raw: csv,
      },
    );
    expect(res.status).toBe(400);
    expect(res.body.details.map((d) => d.path)).toEqual(['line 3', 'line 4', 'line 5']);
    expect(await countStops()).toBe(before);
    const badHeader = await server.request('POST', '/api/v1/stops/import', {
      cookie: admin,
      headers: { 'content-type': 'text/csv' },
      raw: 'foo,bar\n1,2',
    });
    expect(badHeader).toMatchObject({ status: 400, body: { code: 'invalid' } });
  });

  it('refuses an order reference imported before', async () => {
    const res = await server.request('POST', '/api/v1/stops', {
      cookie: admin,
      body: { stops: [stop(1)] },
    });
    expect(res).toMatchObject({ status: 400, body: { code: 'invalid' } });
  });

  it('takes a pickup and a delivery of the same order, but not a second delivery', async () => {
    const pair = await server.request('POST', '/api/v1/stops', {
      cookie: admin,
      body: {
        stops: [stop(40, { kind: 'pickup' }), stop(40, { kind: 'delivery', lat: -20.4 })],
      },
    });
    expect(pair).toMatchObject({ status: 201, body: { imported: 2 } });
    const again = await server.request<{ details: { message: string }[] }>(
      'POST',
      '/api/v1/stops',
      { cookie: admin, body: { stops: [stop(40)] } },
    );
    expect(again.status).toBe(400);
    expect(again.body.details[0]!.message).toContain('already has a delivery');
  });
});
