import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MoveCandidateList, MovePreview, Ping } from '@dispatch/shared';
import { TestServer, eventually } from '../helpers/test-server';

const MIN = 60_000;
const HOME = { lat: -20.46, lng: -54.61 };
const north = (km: number) => ({ lat: HOME.lat + km / 111.2, lng: HOME.lng });
const east = (km: number) => ({ lat: HOME.lat, lng: HOME.lng + km / 104.2 });

type Route = { version: number; stops: { id: number }[] };

/** A few fixes at one spot, the last one now. */
function standingAt(at: { lat: number; lng: number }): Ping[] {
  const now = Date.now();
  return [0, 1, 2].map((i) => ({ seq: i + 1, t: now - (2 - i) * 10_000, ...at, acc: 5 }));
}

describe('move previews and candidates through the real server', () => {
  let server: TestServer;
  let cookie: string;
  let hubId: number;
  const courier: Record<'ana' | 'ben' | 'cy', number> = { ana: 0, ben: 0, cy: 0 };
  const stop: Record<string, number> = {};

  async function importStops(
    courierId: number,
    stops: { ref: string; at: { lat: number; lng: number }; kind?: string }[],
  ): Promise<number[]> {
    const now = Date.now();
    const res = await server.request<{ ids: number[] }>('POST', '/api/v1/stops', {
      cookie,
      body: {
        stops: stops.map((s) => ({
          orderRef: s.ref,
          kind: s.kind ?? 'delivery',
          address: `${s.ref} street`,
          ...s.at,
          windowStart: now - 30 * MIN,
          windowEnd: now + 4 * 60 * MIN,
          serviceSeconds: 120,
          hubId,
          courierId,
        })),
      },
    });
    expect(res.status).toBe(201);
    return res.body.ids;
  }

  const route = async (courierId: number) =>
    (await server.request<Route>('GET', `/api/v1/couriers/${courierId}/route`, { cookie })).body;

  beforeAll(async () => {
    server = await TestServer.start({ SUGGESTIONS: 'off' });
    cookie = await server.login();
    hubId = (
      await server.request<{ id: number }>('POST', '/api/v1/hubs', {
        cookie,
        body: { name: 'Centro', ...HOME },
      })
    ).body.id;
    const at = { ana: HOME, ben: north(1), cy: east(2) };
    for (const name of ['ana', 'ben', 'cy'] as const) {
      const created = await server.createCourier(cookie, { name, vehicle: 'car', hubId });
      courier[name] = created.id;
      const device = await server.connectCourier(created.deviceToken);
      expect(await device.emitWithAck('pings', { pings: standingAt(at[name]) })).toMatchObject({
        ok: true,
      });
    }
    const named = async (courierId: number, list: Parameters<typeof importStops>[1]) => {
      const ids = await importStops(courierId, list);
      list.forEach((s, i) => (stop[`${s.ref}/${s.kind ?? 'delivery'}`] = ids[i]!));
    };
    await named(courier.ana, [
      { ref: 'A-1', at: east(-2) },
      { ref: 'A-2', at: north(2.5) },
      { ref: 'P-9', at: east(-1), kind: 'pickup' },
      { ref: 'P-9', at: east(-3), kind: 'delivery' },
    ]);
    await named(courier.ben, [{ ref: 'B-1', at: north(4) }]);
    stop.a2 = stop['A-2/delivery']!;
    stop.pickup = stop['P-9/pickup']!;
    stop.delivery = stop['P-9/delivery']!;
    // The live picture knows every courier's position and route.
    await eventually(
      () => (server.app.fleet.get(courier.cy)?.fix ? true : undefined),
      5000,
      'positions',
    );
    await eventually(
      () => (server.app.roster.get(courier.ben)?.route.length === 1 ? true : undefined),
      5000,
      'routes',
    );
  });
  afterAll(() => server?.stop());

  it("ranks couriers by the driving they would add, never the stop's own courier", async () => {
    const res = await server.request<MoveCandidateList>(
      'GET',
      `/api/v1/stops/${stop.a2}/candidates?limit=8`,
      { cookie },
    );

    expect(res.status).toBe(200);
    expect(res.body.currentCourierId).toBe(courier.ana);
    const ids = res.body.candidates.map((c) => c.courierId);
    expect(ids).not.toContain(courier.ana);
    // Ben drives north past A-2 anyway; Cy would drive there from the east.
    expect(ids).toEqual([courier.ben, courier.cy]);
    const added = res.body.candidates.map((c) => c.addedDriveMinutes);
    expect(added).toEqual([...added].sort((a, b) => a - b));
    expect(res.body.candidates[0]).toMatchObject({ name: 'ben', position: 1, stopsMadeLate: 0 });
    expect(res.body.candidates[0]!.eta).toBeGreaterThan(Date.now() - MIN);
  });

  it("previews a move at the cheapest place: both routes' lateness and the moved stop's ETA, changing nothing", async () => {
    const versions = [(await route(courier.ana)).version, (await route(courier.ben)).version];

    const res = await server.request<MovePreview>('POST', '/api/v1/moves/preview', {
      cookie,
      body: { stopIds: [stop.a2], toCourierId: courier.ben },
    });

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      stopIds: [stop.a2],
      toCourierId: courier.ben,
      position: 1,
      fits: true,
    });
    expect(res.body.couriers.map((c) => c.courierId)).toEqual([courier.ana, courier.ben]);
    const [ana, ben] = res.body.couriers;
    expect(ana!.addedDriveMinutes).toBeLessThan(0);
    expect(ben!.after).toEqual({ lateMinutes: 0, lateStops: 0 });
    expect(res.body.moved).toEqual([
      expect.objectContaining({ stopId: stop.a2, orderRef: 'A-2', position: 1, lateMinutes: 0 }),
    ]);
    expect([(await route(courier.ana)).version, (await route(courier.ben)).version]).toEqual(
      versions,
    );
  });

  it('previews the position asked for', async () => {
    const res = await server.request<MovePreview>('POST', '/api/v1/moves/preview', {
      cookie,
      body: { stopIds: [stop.a2], toCourierId: courier.ben, position: 2 },
    });

    expect(res.status).toBe(200);
    expect(res.body.position).toBe(2);
    expect(res.body.moved[0]!.position).toBe(2);
    expect(res.body.couriers[1]!.addedDriveMinutes).toBeGreaterThan(0);
  });

  it('moves a shop order whole: asking for the delivery brings its pickup, first', async () => {
    const res = await server.request<MovePreview>('POST', '/api/v1/moves/preview', {
      cookie,
      body: { stopIds: [stop.delivery], toCourierId: courier.cy },
    });

    expect(res.status).toBe(200);
    expect(res.body.stopIds).toEqual([stop.pickup, stop.delivery]);
    expect(res.body.moved.map((m) => m.position)).toEqual([1, 2]);
  });

  it('answers typed errors for unknown stops and couriers, and bad input', async () => {
    const unknownStop = await server.request('POST', '/api/v1/moves/preview', {
      cookie,
      body: { stopIds: [999_999], toCourierId: courier.ben },
    });
    const unknownCourier = await server.request('POST', '/api/v1/moves/preview', {
      cookie,
      body: { stopIds: [stop.a2], toCourierId: 999_999 },
    });
    const noCandidates = await server.request('GET', '/api/v1/stops/999999/candidates', {
      cookie,
    });
    const bad = await server.request('POST', '/api/v1/moves/preview', {
      cookie,
      body: { stopIds: [], toCourierId: courier.ben },
    });

    expect([unknownStop.status, unknownStop.body.code]).toEqual([404, 'not_found']);
    expect([unknownCourier.status, unknownCourier.body.code]).toEqual([404, 'not_found']);
    expect([noCandidates.status, noCandidates.body.code]).toEqual([404, 'not_found']);
    expect([bad.status, bad.body.code]).toEqual([400, 'invalid']);
  });

  it('is for signed-in console users only', async () => {
    const preview = await server.request('POST', '/api/v1/moves/preview', {
      body: { stopIds: [stop.a2], toCourierId: courier.ben },
    });
    const candidates = await server.request('GET', `/api/v1/stops/${stop.a2}/candidates`);

    expect([preview.status, candidates.status]).toEqual([401, 401]);
  });
});
