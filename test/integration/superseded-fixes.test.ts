import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ping, SuggestionView } from '@dispatch/shared';
import { TestServer, eventually } from '../helpers/test-server';

const MIN = 60_000;
const HOME = { lat: -20.46, lng: -54.61 };
const north = (km: number) => ({ lat: HOME.lat + km / 111.2, lng: HOME.lng });
const east = (km: number) => ({ lat: HOME.lat, lng: HOME.lng + km / 104.2 });
type Place = { lat: number; lng: number };
type Route = { version: number; stops: { id: number; orderRef: string }[] };

/** Fixes every 20 s at one spot over the last minute. */
function standing(at: Place): Ping[] {
  const now = Date.now();
  return [0, 1, 2, 3].map((i) => ({ seq: i + 1, t: now - 60_000 + i * 20_000, ...at, acc: 6 }));
}

describe('fixes a move made impossible', () => {
  let server: TestServer;
  let cookie: string;
  let hubId: number;

  beforeAll(async () => {
    server = await TestServer.start({ DETECT_TICK_MS: 100 });
    cookie = await server.login();
    hubId = (
      await server.request<{ id: number }>('POST', '/api/v1/hubs', {
        cookie,
        body: { name: 'Centro', ...HOME },
      })
    ).body.id;
  });
  afterAll(() => server?.stop());

  const route = async (courierId: number) =>
    (await server.request<Route>('GET', `/api/v1/couriers/${courierId}/route`, { cookie })).body;
  const openSuggestions = async () =>
    (
      await server.request<{ suggestions: SuggestionView[] }>(
        'GET',
        '/api/v1/suggestions?status=open',
        { cookie },
      )
    ).body.suggestions;

  async function importStops(
    courierId: number,
    stops: { ref: string; at: Place; dueMin: number }[],
  ) {
    const now = Date.now();
    const res = await server.request('POST', '/api/v1/stops', {
      cookie,
      body: {
        stops: stops.map((s) => ({
          orderRef: s.ref,
          address: `${s.ref} street`,
          ...s.at,
          windowStart: now - 30 * MIN,
          windowEnd: now + s.dueMin * MIN,
          serviceSeconds: 120,
          hubId,
          courierId,
        })),
      },
    });
    expect(res.status).toBe(201);
  }

  it('withdraws the open fixes on a route a move changed, and offers fresh ones for their problems', async () => {
    const gus = await server.createCourier(cookie, { name: 'Gus', vehicle: 'car', hubId });
    const hal = await server.createCourier(cookie, { name: 'Hal', vehicle: 'car', hubId });
    const ivo = await server.createCourier(cookie, { name: 'Ivo', vehicle: 'car', hubId });
    for (const [courier, at] of [
      [gus, HOME],
      [hal, east(1.8)],
      [ivo, north(-3)],
    ] as const) {
      const device = await server.connectCourier(courier.deviceToken);
      expect(await device.emitWithAck('pings', { pings: standing(at) })).toMatchObject({
        ok: true,
      });
      await eventually(() => server.app.fleet.get(courier.id)?.fix ?? undefined);
    }
    // Gus drives 9 km north first: the stop due in 25 minutes east of the hub would be late,
    // and Hal, close to it, is the fix.
    await importStops(hal.id, [{ ref: 'H-1', at: east(4), dueMin: 8 * 60 }]);
    await importStops(ivo.id, [{ ref: 'I-1', at: north(-4), dueMin: 8 * 60 }]);
    await importStops(gus.id, [
      { ref: 'G-far', at: north(9), dueMin: 8 * 60 },
      { ref: 'G-5', at: east(2.5), dueMin: 25 },
    ]);
    const urgent = (await route(gus.id)).stops.find((s) => s.orderRef === 'G-5')!;
    const first = await eventually(
      async () =>
        (await openSuggestions()).find(
          (s) => s.stopIds.includes(urgent.id) && s.alertId != null && s.toCourierId === hal.id,
        ),
      30_000,
      'a fix for the late-risk problem',
    );

    // A dispatcher moves another stop onto Hal's route by hand: the fix was computed on Hal's
    // old route and could only answer `conflict` now.
    const ivoRoute = await route(ivo.id);
    const halRoute = await route(hal.id);
    const moved = await server.request('POST', '/api/v1/stops/reassign', {
      cookie,
      body: {
        stopIds: [ivoRoute.stops[0]!.id],
        toCourierId: hal.id,
        routeVersions: { [ivo.id]: ivoRoute.version, [hal.id]: halRoute.version },
      },
    });
    expect(moved.status).toBe(200);
    const all = await server.request<{ suggestions: SuggestionView[] }>(
      'GET',
      '/api/v1/suggestions?status=all',
      { cookie },
    );
    expect(all.body.suggestions.find((s) => s.id === first.id)?.status).toBe('superseded');

    // The problem is still open: it gets a fix made on the routes as they are now, which applies.
    const fresh = await eventually(
      async () =>
        (await openSuggestions()).find((s) => s.stopIds.includes(urgent.id) && s.id !== first.id),
      30_000,
      'a fresh fix for the same problem',
    );
    expect(fresh.alertId).toBe(first.alertId);
    const accepted = await server.request('POST', `/api/v1/suggestions/${fresh.id}/accept`, {
      cookie,
    });
    expect(accepted.status).toBe(200);
  });
});
