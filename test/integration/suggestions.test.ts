import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Ping, RoutePayload, SuggestionView } from '@dispatch/shared';
import { TestServer, eventually } from '../helpers/test-server';
import { withoutEtas } from '../helpers/route-reads';

const MIN = 60_000;
const HOME = { lat: -20.46, lng: -54.61 };
const north = (km: number) => ({ lat: HOME.lat + km / 111.2, lng: HOME.lng });
const east = (km: number) => ({ lat: HOME.lat, lng: HOME.lng + km / 104.2 });

/** Fixes every 20 s at one spot, from `fromMs` to `toMs`. */
function standing(seq0: number, fromMs: number, toMs: number, at: { lat: number; lng: number }) {
  const pings: Ping[] = [];
  for (let t = fromMs, i = 0; t <= toMs; t += 20_000, i++) {
    const jitter = ((i % 3) - 1) * 1e-5;
    pings.push({ seq: seq0 + i, t, lat: at.lat + jitter, lng: at.lng, acc: 6 });
  }
  return pings;
}

type Route = { version: number; stops: { id: number; orderRef: string }[] };

describe('reassignment suggestions through the real server', () => {
  let server: TestServer;
  let cookie: string;
  let hubId: number;

  beforeAll(async () => {
    server = await TestServer.start({ STALL_AFTER_S: 300, DETECT_TICK_MS: 100 });
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
    withoutEtas(
      (await server.request<Route>('GET', `/api/v1/couriers/${courierId}/route`, { cookie })).body,
    );

  async function importStops(
    courierId: number,
    stops: { ref: string; at: { lat: number; lng: number }; windowEndMin: number }[],
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
          windowEnd: now + s.windowEndMin * MIN,
          serviceSeconds: 120,
          hubId,
          courierId,
        })),
      },
    });
    expect(res.status).toBe(201);
  }

  it('proposes moving a stalled courier’s urgent stops, and accepting moves them and tells both devices', async () => {
    const ana = await server.createCourier(cookie, { name: 'Ana', vehicle: 'car', hubId });
    const ben = await server.createCourier(cookie, { name: 'Ben', vehicle: 'car', hubId });
    await importStops(ana.id, [
      { ref: 'A-1', at: north(2), windowEndMin: 12 },
      { ref: 'A-2', at: north(2.5), windowEndMin: 16 },
    ]);
    await importStops(ben.id, [{ ref: 'B-1', at: east(3), windowEndMin: 8 * 60 }]);

    const anaDevice = await server.connectCourier(ana.deviceToken);
    const benDevice = await server.connectCourier(ben.deviceToken);
    const anaRoutes: RoutePayload[] = [];
    const benRoutes: RoutePayload[] = [];
    anaDevice.on('route:updated', (r) => anaRoutes.push(r));
    benDevice.on('route:updated', (r) => benRoutes.push(r));
    const now = Date.now();
    expect(
      await benDevice.emitWithAck('pings', { pings: standing(1, now - 60_000, now, north(1)) }),
    ).toMatchObject({ ok: true });
    // Ana has been standing at the hub for seven minutes with two deliveries due soon.
    expect(
      await anaDevice.emitWithAck('pings', { pings: standing(1, now - 7 * MIN, now, HOME) }),
    ).toMatchObject({ ok: true });

    const suggestion = await eventually(
      async () =>
        (
          await server.request<{ suggestions: SuggestionView[] }>(
            'GET',
            '/api/v1/suggestions?status=open',
            { cookie },
          )
        ).body.suggestions.find((s) => s.fromCourierId === ana.id),
      10_000,
      'a suggestion for the stalled courier',
    );
    expect(suggestion.toCourierId).toBe(ben.id);
    expect(suggestion.kind).toBe('stalled');
    expect(suggestion.explanation).toContain('Ana');
    expect(suggestion.explanation).toContain('Ben');
    expect(suggestion.score).toBeGreaterThan(0);

    const before = { ana: anaRoutes.length, ben: benRoutes.length };
    const accepted = await server.request<{ result: { movedStopIds: number[] } }>(
      'POST',
      `/api/v1/suggestions/${suggestion.id}/accept`,
      { cookie },
    );
    expect(accepted.status).toBe(200);
    expect(accepted.body.result.movedStopIds.sort()).toEqual([...suggestion.stopIds].sort());
    const [anaAfter, benAfter] = [await route(ana.id), await route(ben.id)];
    for (const id of suggestion.stopIds) {
      expect(anaAfter.stops.map((s) => s.id)).not.toContain(id);
      expect(benAfter.stops.map((s) => s.id)).toContain(id);
    }
    await eventually(
      () => (anaRoutes.length > before.ana && benRoutes.length > before.ben ? true : undefined),
      5000,
      'both devices to get their new routes',
    );
    expect(benRoutes.at(-1)!.stops.map((s) => s.id)).toEqual(benAfter.stops.map((s) => s.id));
    expect(anaRoutes.at(-1)!.version).toBe(anaAfter.version);
  });

  it('makes no suggestion that would make another courier late', async () => {
    const cy = await server.createCourier(cookie, { name: 'Cy', vehicle: 'car', hubId });
    const di = await server.createCourier(cookie, { name: 'Di', vehicle: 'car', hubId });
    // Di stands right by Cy's stop, but her own is 4.8 km off and due in 14 minutes: a detour
    // first would make it late, and taking Cy's afterwards would make that one later still.
    await importStops(cy.id, [{ ref: 'C-1', at: east(-2), windowEndMin: 20 }]);
    await importStops(di.id, [{ ref: 'D-1', at: east(-7), windowEndMin: 14 }]);
    const cyDevice = await server.connectCourier(cy.deviceToken);
    const diDevice = await server.connectCourier(di.deviceToken);
    const now = Date.now();
    await diDevice.emitWithAck('pings', { pings: standing(1, now - 60_000, now, east(-2.2)) });
    await cyDevice.emitWithAck('pings', { pings: standing(1, now - 7 * MIN, now, east(1)) });
    await eventually(
      async () =>
        (
          await server.request<{ alerts: { courierId: number }[] }>(
            'GET',
            `/api/v1/alerts?status=open&kind=stalled&courierId=${cy.id}`,
            { cookie },
          )
        ).body.alerts[0],
      10_000,
      'the stall',
    );
    await server.app.triggers.settled();
    const open = (
      await server.request<{ suggestions: SuggestionView[] }>(
        'GET',
        '/api/v1/suggestions?status=open',
        { cookie },
      )
    ).body.suggestions;
    expect(open.filter((s) => s.toCourierId === di.id)).toEqual([]);
  });

  it("re-orders a courier's stops into the best order from where it is, against the version seen", async () => {
    const eva = await server.createCourier(cookie, { name: 'Eva', vehicle: 'bike', hubId });
    await importStops(eva.id, [
      { ref: 'E-far', at: north(3), windowEndMin: 8 * 60 },
      { ref: 'E-near', at: north(1), windowEndMin: 8 * 60 },
      { ref: 'E-mid', at: north(2), windowEndMin: 8 * 60 },
    ]);
    const device = await server.connectCourier(eva.deviceToken);
    const now = Date.now();
    await device.emitWithAck('pings', { pings: standing(1, now - 40_000, now, HOME) });
    await eventually(() => server.app.fleet.get(eva.id)?.fix ?? undefined);
    const before = await route(eva.id);
    expect(before.stops.map((s) => s.orderRef)).toEqual(['E-far', 'E-near', 'E-mid']);

    const res = await server.request<{ feasible: boolean }>(
      'POST',
      `/api/v1/couriers/${eva.id}/resequence`,
      { cookie, body: { routeVersion: before.version } },
    );
    expect(res.status).toBe(200);
    expect(res.body.feasible).toBe(true);
    const after = await route(eva.id);
    expect(after.stops.map((s) => s.orderRef)).toEqual(['E-near', 'E-mid', 'E-far']);
    expect(after.version).toBe(before.version + 1);

    const stale = await server.request<{ code: string }>(
      'POST',
      `/api/v1/couriers/${eva.id}/resequence`,
      { cookie, body: { routeVersion: before.version } },
    );
    expect(stale.status).toBe(409);
    expect(stale.body.code).toBe('conflict');
  });

  it('accepts on its own in a hub whose auto-dispatch policy is on, when nobody else gets late', async () => {
    const auto = (
      await server.request<{ id: number }>('POST', '/api/v1/hubs', {
        cookie,
        body: { name: 'Auto', lat: HOME.lat - 0.2, lng: HOME.lng },
      })
    ).body.id;
    expect(
      (
        await server.request('PATCH', `/api/v1/hubs/${auto}`, {
          cookie,
          body: { autoDispatch: true },
        })
      ).status,
    ).toBe(200);
    const base = { lat: HOME.lat - 0.2, lng: HOME.lng };
    const at = (km: number) => ({ lat: base.lat + km / 111.2, lng: base.lng });
    const fay = await server.createCourier(cookie, { name: 'Fay', vehicle: 'car', hubId: auto });
    const gus = await server.createCourier(cookie, { name: 'Gus', vehicle: 'car', hubId: auto });
    const now = Date.now();
    const res = await server.request('POST', '/api/v1/stops', {
      cookie,
      body: {
        stops: [
          { orderRef: 'F-1', address: 'F-1 street', ...at(2), courierId: fay.id, hubId: auto },
          { orderRef: 'G-1', address: 'G-1 street', ...at(-3), courierId: gus.id, hubId: auto },
        ].map((s, i) => ({
          ...s,
          windowStart: now - 30 * MIN,
          windowEnd: now + (i === 0 ? 12 : 8 * 60) * MIN,
        })),
      },
    });
    expect(res.status).toBe(201);
    const gusDevice = await server.connectCourier(gus.deviceToken);
    const fayDevice = await server.connectCourier(fay.deviceToken);
    await gusDevice.emitWithAck('pings', { pings: standing(1, now - 60_000, now, at(1)) });
    await fayDevice.emitWithAck('pings', { pings: standing(1, now - 7 * MIN, now, at(0)) });

    const accepted = await eventually(
      async () =>
        (
          await server.request<{ suggestions: SuggestionView[] }>(
            'GET',
            '/api/v1/suggestions?status=all',
            { cookie },
          )
        ).body.suggestions.find((s) => s.fromCourierId === fay.id && s.status === 'accepted'),
      10_000,
      'the policy to accept a suggestion',
    );
    expect(accepted.toCourierId).toBe(gus.id);
    const gusRoute = await route(gus.id);
    expect(gusRoute.stops.map((s) => s.orderRef)).toContain('F-1');
  });

  it('leaves nothing half-applied when a move of several fails in the middle', async () => {
    const hal = await server.createCourier(cookie, { name: 'Hal', vehicle: 'car', hubId });
    const ida = await server.createCourier(cookie, { name: 'Ida', vehicle: 'car', hubId });
    await importStops(hal.id, [
      { ref: 'H-1', at: north(1), windowEndMin: 60 },
      { ref: 'H-2', at: north(2), windowEndMin: 60 },
    ]);
    const [halBefore, idaBefore] = [await route(hal.id), await route(ida.id)];
    const [h1, h2] = halBefore.stops;
    const versions = { [hal.id]: halBefore.version, [ida.id]: idaBefore.version };
    const moves = [
      { stopIds: [h1!.id], toCourierId: ida.id, position: 1 },
      { stopIds: [h2!.id], toCourierId: ida.id, position: 2 },
    ];
    await expect(
      server.app.reassign.move(moves, versions, { type: 'system' }, 'test', async () => {
        throw new Error('the database went away after the moves');
      }),
    ).rejects.toThrow('went away');
    expect(await route(hal.id)).toEqual(halBefore);
    expect(await route(ida.id)).toEqual(idaBefore);

    const applied = await server.app.reassign.move(moves, versions, { type: 'system' });
    expect(applied.movedStopIds).toEqual([h1!.id, h2!.id]);
    expect((await route(ida.id)).stops.map((s) => s.orderRef)).toEqual(['H-1', 'H-2']);
    expect((await route(hal.id)).stops).toEqual([]);
  });
});
