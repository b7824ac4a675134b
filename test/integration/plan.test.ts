import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanOutcome, RoutePayload, SuggestionView } from '@dispatch/shared';
import { TestServer, eventually, makePings } from '../helpers/test-server';

const MIN = 60_000;
const HOME = { lat: -20.46, lng: -54.61 };
/** A point `eastKm` east and `northKm` north of the hub. */
const offset = (eastKm: number, northKm: number) => ({
  lat: HOME.lat + northKm / 111.2,
  lng: HOME.lng + eastKm / 104.2,
});

type Route = {
  version: number;
  stops: { id: number; orderRef: string; status: string; windowEnd: number }[];
};

describe('planning a hub’s unassigned stops through the real server', () => {
  let server: TestServer;
  let cookie: string;

  beforeAll(async () => {
    server = await TestServer.start();
    cookie = await server.login();
  });
  afterAll(() => server?.stop());

  async function newHub(name: string): Promise<number> {
    const res = await server.request<{ id: number }>('POST', '/api/v1/hubs', {
      cookie,
      body: { name, ...HOME },
    });
    return res.body.id;
  }

  async function importStops(
    hubId: number,
    stops: {
      ref: string;
      at: { lat: number; lng: number };
      kind?: 'pickup' | 'delivery';
      windowStartMin?: number;
      windowEndMin: number;
      courierId?: number;
    }[],
  ): Promise<void> {
    const now = Date.now();
    const res = await server.request('POST', '/api/v1/stops', {
      cookie,
      body: {
        stops: stops.map((s) => ({
          orderRef: s.ref,
          kind: s.kind ?? 'delivery',
          address: `${s.ref} street`,
          ...s.at,
          windowStart: now + (s.windowStartMin ?? -30) * MIN,
          windowEnd: now + s.windowEndMin * MIN,
          serviceSeconds: 120,
          hubId,
          ...(s.courierId ? { courierId: s.courierId } : {}),
        })),
      },
    });
    expect(res.status).toBe(201);
  }

  const route = async (courierId: number) =>
    (await server.request<Route>('GET', `/api/v1/couriers/${courierId}/route`, { cookie })).body;

  /** Asks for a plan; a short search is plenty for these few stops. */
  const plan = (hubId: number, body: object = {}) =>
    server.request<PlanOutcome & { code?: string }>('POST', `/api/v1/hubs/${hubId}/plan`, {
      cookie,
      body: { timeLimitMs: 300, ...body },
    });

  it('puts every stop on a route, spreads them over the couriers, keeps open stops with their courier and tells the devices', async () => {
    const hubId = await newHub('Plan hub');
    const couriers = await Promise.all(
      ['Ana', 'Ben', 'Cy'].map((name) =>
        server.createCourier(cookie, { name, vehicle: 'car', hubId }),
      ),
    );
    const [ana] = couriers;
    await importStops(hubId, [
      { ref: 'OPEN-1', at: offset(1, 1), windowEndMin: 60, courierId: ana!.id },
      { ref: 'OPEN-2', at: offset(1.5, 1), windowEndMin: 90, courierId: ana!.id },
    ]);
    const devices = await Promise.all(couriers.map((c) => server.connectCourier(c.deviceToken)));
    const updates = couriers.map(() => [] as RoutePayload[]);
    devices.forEach((device, i) => device.on('route:updated', (r) => updates[i]!.push(r)));
    const before = await Promise.all(couriers.map((c) => route(c.id)));

    // 24 stops in three clusters, windows over the next four hours.
    const stops = Array.from({ length: 24 }, (_, k) => ({
      ref: `P-${k + 1}`,
      at: offset(((k % 3) - 1) * 3 + (k % 5) * 0.1, Math.floor(k / 3) * 0.2),
      windowStartMin: 30 * (k % 6),
      windowEndMin: 30 * (k % 6) + 120,
    }));
    await importStops(hubId, stops);

    const res = await plan(hubId);
    expect(res.status).toBe(200);
    expect(res.body.planned).toBe(24);
    expect(res.body.unplanned).toEqual([]);
    expect(res.body.late).toEqual([]);
    const after = await Promise.all(couriers.map((c) => route(c.id)));
    const planned = after.flatMap((r) => r.stops.map((s) => s.orderRef));
    expect(planned.filter((ref) => ref.startsWith('P-')).sort()).toEqual(
      stops.map((s) => s.ref).sort(),
    );
    // Nobody above the balanced limit (1.2 × 26 / 3, rounded up), everyone with work.
    expect(res.body.maxStopsPerCourier).toBe(11);
    for (const r of after) {
      expect(r.stops.length).toBeGreaterThan(0);
      expect(r.stops.length).toBeLessThanOrEqual(11);
    }
    // Ana keeps her open stops (new work may go between them).
    expect(after[0]!.stops.map((s) => s.orderRef)).toEqual(
      expect.arrayContaining(['OPEN-1', 'OPEN-2']),
    );
    after.forEach((r, i) => expect(r.version).toBe(before[i]!.version + 1));
    // Every device hears of its new route.
    await eventually(
      () => (updates.every((u, i) => u.at(-1)?.version === after[i]!.version) ? true : undefined),
      10_000,
      'route:updated on every device',
    );
    for (const device of devices) device.disconnect();
  });

  it('fits an urgent new stop in before the later stops of a courier whose day is full', async () => {
    const hubId = await newHub('Full day hub');
    const hana = await server.createCourier(cookie, { name: 'Hana', vehicle: 'car', hubId });
    // Ten stops spread over the next eight hours, each window an hour long.
    await importStops(
      hubId,
      Array.from({ length: 10 }, (_, k) => ({
        ref: `DAY-${k}`,
        at: offset(1 + (k % 3), (k % 4) * 0.5),
        windowStartMin: 45 * k,
        windowEndMin: 45 * k + 60,
        courierId: hana.id,
      })),
    );
    await importStops(hubId, [{ ref: 'URGENT-1', at: offset(1.5, 0.5), windowEndMin: 40 }]);
    const res = await plan(hubId);
    expect(res.status).toBe(200);
    expect(res.body.planned).toBe(1);
    expect(res.body.unplanned).toEqual([]);
    const refs = (await route(hana.id)).stops.map((s) => s.orderRef);
    expect(refs).toHaveLength(11);
    expect(refs.indexOf('URGENT-1')).toBeLessThan(refs.indexOf('DAY-2'));
  });

  it('drives a shop order’s pickup and its delivery back to back on one route', async () => {
    const hubId = await newHub('Pair hub');
    const [ana, ben] = await Promise.all(
      ['Ana', 'Ben'].map((name) =>
        server.createCourier(cookie, { name, vehicle: 'scooter', hubId }),
      ),
    );
    await importStops(hubId, [
      { ref: 'ORDER-9', kind: 'pickup', at: offset(2, 0), windowEndMin: 120 },
      { ref: 'ORDER-9', kind: 'delivery', at: offset(2, 2), windowEndMin: 180 },
      { ref: 'SOLO-1', at: offset(-2, 0), windowEndMin: 120 },
    ]);
    const res = await plan(hubId);
    expect(res.status).toBe(200);
    expect(res.body.planned).toBe(3);
    const routes = [await route(ana!.id), await route(ben!.id)];
    const withOrder = routes.find((r) => r.stops.some((s) => s.orderRef === 'ORDER-9'))!;
    const refs = withOrder.stops.map((s) => s.orderRef);
    const first = refs.indexOf('ORDER-9');
    expect(refs[first + 1]).toBe('ORDER-9');
  });

  it('leaves out stops nobody can reach in time, with the reason, unless asked to plan them late', async () => {
    const hubId = await newHub('Late hub');
    await server.createCourier(cookie, { name: 'Dee', vehicle: 'bike', hubId });
    await importStops(hubId, [
      { ref: 'GONE-1', at: offset(1, 0), windowStartMin: -90, windowEndMin: -10 },
      { ref: 'FAR-1', at: offset(25, 0), windowEndMin: 5 },
      { ref: 'OK-1', at: offset(1, 1), windowEndMin: 120 },
    ]);
    const strict = await plan(hubId);
    expect(strict.status).toBe(200);
    expect(strict.body.planned).toBe(1);
    const reasons = strict.body.unplanned.map((u) => u.reason).sort();
    expect(reasons).toEqual([
      'its window has already closed',
      'no courier can get there within its window, shift and capacity',
    ]);
    const lenient = await plan(hubId, { placeLateStops: true });
    expect(lenient.status).toBe(200);
    expect(lenient.body.planned).toBe(2);
    expect(lenient.body.late).toHaveLength(2);
    for (const late of lenient.body.late) expect(late.lateMinutes).toBeGreaterThan(0);
  });

  it('keeps the server answering while it plans (the search runs on its own thread)', async () => {
    const hubId = await newHub('Busy hub');
    await server.createCourier(cookie, { name: 'Eli', vehicle: 'car', hubId });
    await importStops(
      hubId,
      Array.from({ length: 30 }, (_, k) => ({
        ref: `B-${k}`,
        at: offset((k % 6) * 0.5, Math.floor(k / 6) * 0.5),
        windowEndMin: 600,
      })),
    );
    const { planner } = server.app;
    const planning = plan(hubId, { timeLimitMs: 3000 });
    // The poll itself needs the event loop: it sees the search running only if it runs elsewhere.
    await eventually(() => (planner.searching ? true : undefined), 10_000, 'the search to start');
    const health = await server.request('GET', '/healthz');
    expect(health.status).toBe(200);
    expect(planner.searching).toBe(true);
    expect((await planning).status).toBe(200);
    expect(planner.searching).toBe(false);
  });

  it('applies only one of two plans made at once: the other answers conflict and changes nothing', async () => {
    const hubId = await newHub('Twice hub');
    const fay = await server.createCourier(cookie, { name: 'Fay', vehicle: 'van', hubId });
    await importStops(
      hubId,
      Array.from({ length: 6 }, (_, k) => ({
        ref: `T-${k}`,
        at: offset(k * 0.4, 0),
        windowEndMin: 300,
      })),
    );
    const results = await Promise.all([plan(hubId), plan(hubId)]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.status === 409)!.body.code).toBe('conflict');
    const r = await route(fay.id);
    expect(r.stops).toHaveLength(6);
    expect(r.version).toBe(1);
  });

  it('refuses bad requests and unknown hubs, changing nothing', async () => {
    const hubId = await newHub('Strict hub');
    expect((await plan(hubId, { timeLimitMs: 0 })).status).toBe(400);
    expect((await plan(hubId, { maxStopsPerCourier: -1 })).status).toBe(400);
    expect((await plan(hubId, { surprise: true })).status).toBe(400);
    expect((await plan(99_999)).status).toBe(404);
    const anonymous = await server.request('POST', `/api/v1/hubs/${hubId}/plan`, { body: {} });
    expect(anonymous.status).toBe(401);
  });

  const openSuggestions = async () =>
    (
      await server.request<{ suggestions: SuggestionView[] }>(
        'GET',
        '/api/v1/suggestions?status=open',
        {
          cookie,
        },
      )
    ).body.suggestions;

  it('offers a courier nearby for a newly imported unassigned stop at once, but leaves a large import to planning', async () => {
    const hubId = await newHub('New stops hub');
    const gus = await server.createCourier(cookie, { name: 'Gus', vehicle: 'scooter', hubId });
    const device = await server.connectCourier(gus.deviceToken);
    expect(
      await device.emitWithAck('pings', { pings: makePings(5, 1, Date.now() - 5000, HOME) }),
    ).toMatchObject({ ok: true });
    await importStops(hubId, [{ ref: 'NEW-1', at: offset(0.5, 0.5), windowEndMin: 90 }]);
    const suggestion = await eventually(
      async () => (await openSuggestions()).find((x) => x.toCourierId === gus.id),
      10_000,
      'a suggestion for the new stop',
    );
    expect(suggestion.kind).toBe('unassigned');
    expect(suggestion.fromCourierId).toBeNull();
    expect(suggestion.explanation).toContain('Gus');
    // Planning the stop settles it: the suggestion about it no longer stands.
    expect((await plan(hubId)).body.planned).toBe(1);
    const all = await server.request<{ suggestions: SuggestionView[] }>(
      'GET',
      '/api/v1/suggestions?status=all',
      { cookie },
    );
    expect(all.body.suggestions.find((x) => x.id === suggestion.id)?.status).toBe('superseded');

    // 25 stops at once are a day to plan: no suggestion per stop.
    await importStops(
      hubId,
      Array.from({ length: 25 }, (_, k) => ({
        ref: `BULK-${k}`,
        at: offset(0.2 * (k % 5), 0.2 * Math.floor(k / 5)),
        windowEndMin: 240,
      })),
    );
    await server.app.triggers.settled();
    const bulkIds = new Set(
      (
        await server.app.db.query<{ id: number }>(
          "select id from stops where order_ref like 'BULK-%'",
        )
      ).map((r) => r.id),
    );
    expect(
      (await openSuggestions()).filter((x) => x.stopIds.some((id) => bulkIds.has(id))),
    ).toEqual([]);
    device.disconnect();
  });
});
