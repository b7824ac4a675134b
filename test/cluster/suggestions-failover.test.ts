import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { courierCell, type Ping, type SuggestionView } from '@dispatch/shared';
import { TestServer, eventually } from '../helpers/test-server';
import { REDIS_URL } from './two-node-cluster';

/**
 * Suggestions in a cluster of two nodes: only the owner of the hub proposes, an accept on any
 * node applies once, and the node that takes the hub over proposes nothing already proposed.
 */
const HOME = { lat: -20.46, lng: -54.61 };
const north = (km: number) => ({ lat: HOME.lat + km / 111.2, lng: HOME.lng });
const MIN = 60_000;

type Route = { version: number; stops: { id: number }[] };

/** Fixes every 20 s at one spot over the last minute. */
function standing(at: { lat: number; lng: number }): Ping[] {
  const now = Date.now();
  return [0, 1, 2, 3].map((i) => ({ seq: i + 1, t: now - 60_000 + i * 20_000, ...at, acc: 6 }));
}

/** The node holding the hub's unexpired lease, as the database says. */
async function leaseOf(node: TestServer, hubId: number): Promise<string | undefined> {
  const [lease] = await node.app.db.query<{ owner: string }>(
    'select owner from hub_leases where hub_id = $1 and expires_at > now()',
    [hubId],
  );
  return lease?.owner;
}

describe('suggestions across two nodes and a hand-over', () => {
  let a: TestServer;
  let b: TestServer;
  let cookie: string;
  let hubId: number;
  let ben: number;
  let refs = 0;

  beforeAll(async () => {
    const cluster = {
      REDIS_URL,
      CLUSTER_NAME: `test-${randomBytes(4).toString('hex')}`,
      LEASE_TTL_S: 2,
    };
    a = await TestServer.start({ ...cluster, NODE_NAME: 'node-a' });
    cookie = await a.login();
    hubId = (
      await a.request<{ id: number }>('POST', '/api/v1/hubs', {
        cookie,
        body: { name: 'Centro', ...HOME },
      })
    ).body.id;
    // Alone at first, node A takes the hub; with one hub, B joining takes nothing from it.
    await eventually(
      async () => (await leaseOf(a, hubId)) === 'node-a' || undefined,
      10_000,
      'A to own',
    );
    b = await TestServer.alongside(a, { ...cluster, NODE_NAME: 'node-b' });
    const courier = await a.createCourier(cookie, { name: 'Ben', vehicle: 'car', hubId });
    ben = courier.id;
    const device = await a.connectCourier(courier.deviceToken);
    expect(await device.emitWithAck('pings', { pings: standing(HOME) })).toMatchObject({
      ok: true,
    });
    await eventually(() => b.app.fleet.get(ben)?.fix ?? undefined, 10_000, 'B to see Ben');
  });
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  /** A new stop of the hub on no route, made through node B. */
  async function unassignedStop(): Promise<number> {
    const now = Date.now();
    const res = await b.request<{ ids: number[] }>('POST', '/api/v1/stops', {
      cookie,
      body: {
        stops: [
          {
            orderRef: `U-${++refs}`,
            address: 'Rua Bahia 100',
            ...north(1),
            windowStart: now,
            windowEnd: now + 180 * MIN,
            hubId,
          },
        ],
      },
    });
    expect(res.status).toBe(201);
    return res.body.ids[0]!;
  }

  const openFor = (node: TestServer, stopId: number) =>
    eventually(
      async () =>
        (
          await node.request<{ suggestions: SuggestionView[] }>(
            'GET',
            '/api/v1/suggestions?status=open',
            { cookie },
          )
        ).body.suggestions.find((s) => s.stopIds.includes(stopId)),
      15_000,
      `a suggestion for stop ${stopId}`,
    );
  const everMadeFor = async (stopId: number) =>
    (
      await b.app.db.query<{ n: number }>(
        'select count(*)::int as n from suggestions where $1 = any(stop_ids)',
        [stopId],
      )
    )[0]!.n;
  const route = async (courierId: number) =>
    (await b.request<Route>('GET', `/api/v1/couriers/${courierId}/route`, { cookie })).body;

  it('is proposed by the owner only, and applied once when both nodes receive the accept', async () => {
    const madeOnA = vi.spyOn(a.app.suggestions, 'create');
    const madeOnB = vi.spyOn(b.app.suggestions, 'create');
    const before = await route(ben);
    const stopId = await unassignedStop();

    const suggestion = await openFor(b, stopId);
    await Promise.all([a.app.triggers.settled(), b.app.triggers.settled()]);
    expect(madeOnA.mock.calls.map(([input]) => input.stopIds)).toEqual([[stopId]]);
    expect(madeOnB).not.toHaveBeenCalled();
    expect(suggestion.toCourierId).toBe(ben);

    const accept = (node: TestServer) =>
      node.request<{ code?: string }>('POST', `/api/v1/suggestions/${suggestion.id}/accept`, {
        cookie,
      });
    const answers = await Promise.all([accept(b), accept(a)]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(answers.find((r) => r.status === 409)!.body.code).toBe('conflict');
    const after = await route(ben);
    expect(after.version).toBe(before.version + 1);
    expect(after.stops.filter((s) => s.id === stopId)).toHaveLength(1);
    const [stored] = await b.app.db.query<{ courier_id: number; status: string }>(
      'select courier_id, status from stops where id = $1',
      [stopId],
    );
    expect(stored).toMatchObject({ courier_id: ben, status: 'assigned' });
    madeOnA.mockRestore();
    madeOnB.mockRestore();
  });

  it('is not proposed again by the node that takes the hub over, which picks up the rest', async () => {
    const proposed = await unassignedStop();
    await openFor(b, proposed);
    // Cy now stands at that stop: asked again, the engine would offer it to Cy as well.
    const cy = await b.createCourier(cookie, { name: 'Cy', vehicle: 'car', hubId });
    const device = await b.connectCourier(cy.deviceToken);
    expect(await device.emitWithAck('pings', { pings: standing(north(1)) })).toMatchObject({
      ok: true,
    });
    await eventually(() => b.app.fleet.get(cy.id)?.fix ?? undefined, 10_000, 'B to see Cy');
    // A stop the database holds that no node has heard of: only a pick-up finds it.
    const now = Date.now();
    const spot = north(1.5);
    const [unheard] = await b.app.db.query<{ id: number }>(
      `insert into stops (hub_id, order_ref, kind, address, lat, lng, cell, window_start, window_end)
       values ($1, 'U-unheard', 'delivery', 'Rua Goiás 5', $2, $3, $4, $5, $6) returning id`,
      [
        hubId,
        spot.lat,
        spot.lng,
        courierCell(spot.lat, spot.lng),
        new Date(now).toISOString(),
        new Date(now + 180 * MIN).toISOString(),
      ],
    );
    const madeOnB = vi.spyOn(b.app.suggestions, 'create');

    // Closing drains A's leases at once; B takes the hub on its next round.
    await a.app.close();
    await eventually(
      async () => (await leaseOf(b, hubId)) === 'node-b' || undefined,
      10_000,
      'B to own',
    );
    await openFor(b, unheard!.id);
    await b.app.triggers.settled();

    // Moves of the stop it picked up (to Ben, to Cy), and none of the one already proposed.
    const stopsProposed = new Set(madeOnB.mock.calls.flatMap(([input]) => input.stopIds));
    expect([...stopsProposed]).toEqual([unheard!.id]);
    expect(await everMadeFor(proposed)).toBe(1);
    madeOnB.mockRestore();
  });
});
