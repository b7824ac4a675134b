import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, eventually } from '../helpers/test-server';

/** Near the Brandenburg Gate: the courier's city in these tests. */
const BERLIN = { lat: 52.5163, lng: 13.3777 };
/** The Eiffel Tower. */
const PARIS = { lat: 48.8584, lng: 2.2945 };

describe('OsmAnd devices are named by a secret the server issued', () => {
  let server: TestServer;
  let admin: string;
  let dispatcher: string;
  let courierId: number;
  const externalId = 'tracker-berlin-7';

  beforeAll(async () => {
    server = await TestServer.start();
    admin = await server.login();
    courierId = (await server.createCourier(admin, { externalDeviceId: externalId })).id;
    const created = await server.request('POST', '/api/v1/users', {
      cookie: admin,
      body: {
        email: 'dora@example.com',
        name: 'Dora',
        role: 'dispatcher',
        password: 'dispatcher-password-1',
      },
    });
    expect(created.status).toBe(201);
    dispatcher = await server.login('dora@example.com', 'dispatcher-password-1');
  });
  afterAll(() => server?.stop());

  const nowSec = () => Math.floor(Date.now() / 1000);
  const send = async (id: string, at: { lat: number; lng: number }, sec = nowSec()) => {
    const res = await fetch(
      `${server.osmandUrl}/?id=${encodeURIComponent(id)}&lat=${at.lat}&lon=${at.lng}&timestamp=${sec}`,
    );
    const text = await res.text();
    return {
      status: res.status,
      body: (text.startsWith('{') ? JSON.parse(text) : text) as unknown,
    };
  };
  const issueSecret = async () => {
    const res = await server.request<{ secret: string; osmandUrl: string | null }>(
      'POST',
      `/api/v1/couriers/${courierId}/osmand-secret`,
      { cookie: admin },
    );
    expect(res.status).toBe(200);
    return res.body.secret;
  };
  const courierRow = async () =>
    (
      await server.app.db.query<{ last_lat: number | null; last_lng: number | null }>(
        'select last_lat, last_lng from couriers where id = $1',
        [courierId],
      )
    )[0]!;

  it('hides device identifiers from dispatchers and shows them to admins', async () => {
    const list = await server.request<{ couriers: Record<string, unknown>[] }>(
      'GET',
      '/api/v1/couriers',
      { cookie: dispatcher },
    );
    const seen = list.body.couriers.find((c) => c.id === courierId)!;
    expect(seen).not.toHaveProperty('externalDeviceId');
    expect(seen).not.toHaveProperty('legacyDeviceId');
    const one = await server.request('GET', `/api/v1/couriers/${courierId}`, {
      cookie: dispatcher,
    });
    expect(one.body).not.toHaveProperty('externalDeviceId');
    const asAdmin = await server.request('GET', `/api/v1/couriers/${courierId}`, {
      cookie: admin,
    });
    expect(asAdmin.body).toMatchObject({ externalDeviceId: externalId, legacyDeviceId: false });
  });

  it('lets only admins issue a tracker secret', async () => {
    const res = await server.request('POST', `/api/v1/couriers/${courierId}/osmand-secret`, {
      cookie: dispatcher,
    });
    expect(res.status).toBe(403);
  });

  it('refuses the external id, once a way to move a courier to Paris, exactly like a random id', async () => {
    const known = await send(externalId, PARIS);
    const random = await send('no-such-tracker-at-all', PARIS);
    expect(known).toEqual(random);
    expect(known.status).toBe(401);
    expect(known.body).toMatchObject({ code: 'unauthorized', message: 'unknown device' });
    expect(await server.storedPings(courierId)).toEqual([]);
    expect(server.app.fleet.get(courierId)!.fix).toBeNull();
    const alerts = await server.app.db.query('select id from alerts where courier_id = $1', [
      courierId,
    ]);
    expect(alerts).toEqual([]);
  });

  it('records a refused device as a security event', async () => {
    const events = await eventually(async () => {
      const rows = await server.app.db.query<{ data: { ip: string; via: string } }>(
        "select data from events where kind = 'device.refused'",
      );
      return rows.length > 0 ? rows : undefined;
    });
    expect(events[0]!.data.via).toBe('osmand');
  });

  it('takes fixes from a tracker holding its secret, and records the issue', async () => {
    const secret = await issueSecret();
    expect(secret.length).toBeGreaterThanOrEqual(22);
    expect((await send(secret, BERLIN, nowSec() - 60)).status).toBe(200);
    expect(server.app.fleet.get(courierId)!.fix).toMatchObject({ lat: BERLIN.lat });
    const issued = await server.app.db.query(
      "select id from events where kind = 'device.osmand_secret_issued' and subject_id = $1",
      [courierId],
    );
    expect(issued.length).toBeGreaterThan(0);
  });

  it('stores a Paris fix for a courier in Berlin flagged, and leaves its live position', async () => {
    const secret = await issueSecret();
    const sec = nowSec();
    expect((await send(secret, PARIS, sec)).status).toBe(200);
    const stored = await server.app.db.query<{ flag: string | null }>(
      'select flag from pings where courier_id = $1 and t = to_timestamp($2)',
      [courierId, sec],
    );
    expect(stored).toEqual([{ flag: 'jump' }]);
    expect(server.app.fleet.get(courierId)!.fix).toMatchObject({ lat: BERLIN.lat });
    expect(await courierRow()).toEqual({ last_lat: BERLIN.lat, last_lng: BERLIN.lng });
  });

  it('stops taking the old secret once rotated, and any once revoked', async () => {
    const old = await issueSecret();
    const current = await issueSecret();
    expect((await send(old, BERLIN)).status).toBe(401);
    expect((await send(current, BERLIN)).status).toBe(200);
    const revoked = await server.request('DELETE', `/api/v1/couriers/${courierId}/osmand-secret`, {
      cookie: admin,
    });
    expect(revoked.status).toBe(204);
    expect((await send(current, BERLIN)).status).toBe(401);
  });

  it('takes the external id again only once an admin allows it', async () => {
    const patched = await server.request('PATCH', `/api/v1/couriers/${courierId}`, {
      cookie: admin,
      body: { legacyDeviceId: true },
    });
    expect(patched.status).toBe(200);
    expect((await send(externalId, BERLIN)).status).toBe(200);
    await server.request('PATCH', `/api/v1/couriers/${courierId}`, {
      cookie: admin,
      body: { legacyDeviceId: false },
    });
    expect((await send(externalId, BERLIN)).status).toBe(401);
  });

  // Last: the address stays shut out for a while.
  it('shuts out an address that guesses ids', async () => {
    const statuses = new Set<number>();
    for (let i = 0; i < 300; i++) {
      statuses.add(
        (await send(`guess-${i}-${Math.random().toString(36).slice(2)}`, BERLIN)).status,
      );
    }
    expect(statuses).toEqual(new Set([401, 429]));
    const shut = await send('guess-after', BERLIN);
    expect(shut).toMatchObject({ status: 429, body: { code: 'rate_limited' } });
  });
});
