import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, makePings } from '../helpers/test-server';

describe('restart with the same database', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start();
  });
  afterAll(() => server?.stop());

  it('brings back couriers, stops and the live state', async () => {
    const cookie = await server.login();
    const courier = await server.createCourier(cookie, { name: 'Persistent' });
    const day = Date.UTC(2026, 10, 27);
    await server.request('POST', '/api/v1/stops', {
      cookie,
      body: {
        stops: [1, 2].map((i) => ({
          orderRef: `R-${i}`,
          address: `Street ${i}`,
          lat: 52.5 + i / 100,
          lng: 13.4,
          windowStart: day,
          windowEnd: day + 3600_000,
          courierId: courier.id,
        })),
      },
    });
    const device = await server.connectCourier(courier.deviceToken);
    const pings = makePings(10, 1, Date.now() - 20_000);
    await device.timeout(10_000).emitWithAck('pings', { pings });
    const before = server.app.fleet.get(courier.id)!;

    await server.restart();

    const live = server.app.fleet.get(courier.id)!;
    expect(live.fix).toEqual(before.fix);
    expect(live.cell).toBe(before.cell);
    expect(server.app.fleet.nearest(pings[9]!.lat, pings[9]!.lng, 1)[0]?.id).toBe(courier.id);
    const newCookie = await server.login();
    const got = await server.request<{ name: string; lastFix: { t: number } }>(
      'GET',
      `/api/v1/couriers/${courier.id}`,
      { cookie: newCookie },
    );
    expect(got.body).toMatchObject({ name: 'Persistent', lastFix: { t: pings[9]!.t } });
    const route = await server.request<{ version: number; stops: { orderRef: string }[] }>(
      'GET',
      `/api/v1/couriers/${courier.id}/route`,
      { cookie: newCookie },
    );
    expect(route.body.version).toBe(1);
    expect(route.body.stops.map((s) => s.orderRef)).toEqual(['R-1', 'R-2']);
    // The device token still works after the restart.
    const again = await server.connectCourier(courier.deviceToken);
    expect(
      await again.timeout(10_000).emitWithAck('pings', { pings: makePings(1, 11) }),
    ).toMatchObject({ ok: true, upTo: 11, stored: 1 });
  });

  it('keeps the old session valid', async () => {
    const cookie = await server.login();
    await server.restart();
    expect((await server.request('GET', '/api/v1/auth/me', { cookie })).status).toBe(200);
  });
});
