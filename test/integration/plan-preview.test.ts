import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PlanOutcome, PlanPreview } from '@dispatch/shared';
import { TestServer } from '../helpers/test-server';
import { withoutEtas } from '../helpers/route-reads';

const MIN = 60_000;
const HOME = { lat: -20.46, lng: -54.61 };
/** A point `eastKm` east and `northKm` north of the hub. */
const offset = (eastKm: number, northKm: number) => ({
  lat: HOME.lat + northKm / 111.2,
  lng: HOME.lng + eastKm / 104.2,
});

type Route = { version: number; stops: { id: number; orderRef: string }[] };
type Refusal = { code: string; message: string };

describe('previewing a plan before applying it, through the real server', () => {
  let server: TestServer;
  let cookie: string;

  beforeAll(async () => {
    server = await TestServer.start();
    cookie = await server.login();
  });
  afterAll(() => server?.stop());

  /** A hub with two couriers, one already carrying a stop, and six unassigned stops. */
  async function hubWithWork(name: string) {
    const hub = await server.request<{ id: number }>('POST', '/api/v1/hubs', {
      cookie,
      body: { name, ...HOME },
    });
    const hubId = hub.body.id;
    const [ana, ben] = await Promise.all(
      ['Ana', 'Ben'].map((n) => server.createCourier(cookie, { name: n, vehicle: 'car', hubId })),
    );
    const now = Date.now();
    const stop = (ref: string, eastKm: number, courierId?: number) => ({
      orderRef: ref,
      kind: 'delivery',
      address: `${ref} street`,
      ...offset(eastKm, 0.5),
      windowStart: now - 30 * MIN,
      windowEnd: now + 240 * MIN,
      serviceSeconds: 120,
      hubId,
      ...(courierId ? { courierId } : {}),
    });
    const imported = await server.request('POST', '/api/v1/stops', {
      cookie,
      body: {
        stops: [
          stop(`${name}-OPEN`, 1, ana!.id),
          ...Array.from({ length: 6 }, (_, k) => stop(`${name}-${k}`, (k - 3) * 1.5)),
        ],
      },
    });
    expect(imported.status).toBe(201);
    return { hubId, couriers: [ana!, ben!] };
  }

  const route = async (courierId: number) =>
    withoutEtas(
      (await server.request<Route>('GET', `/api/v1/couriers/${courierId}/route`, { cookie })).body,
    );
  const unassignedCount = async (hubId: number) =>
    (
      await server.app.db.query<{ n: number }>(
        "select count(*)::int as n from stops where hub_id = $1 and status = 'unassigned'",
        [hubId],
      )
    )[0]!.n;
  const preview = (hubId: number, as = cookie) =>
    server.request<PlanPreview & Refusal>('POST', `/api/v1/hubs/${hubId}/plan/preview`, {
      cookie: as,
      body: { timeLimitMs: 300 },
    });
  const accept = (hubId: number, planId: string) =>
    server.request<PlanOutcome & Refusal>('POST', `/api/v1/hubs/${hubId}/plan/${planId}/accept`, {
      cookie,
      body: {},
    });

  it('answers what would move in numbers, and writes nothing', async () => {
    const { hubId, couriers } = await hubWithWork('Look');
    const before = await Promise.all(couriers.map((c) => route(c.id)));

    const res = await preview(hubId);

    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ hubId, unassigned: 6, planned: 6, unplanned: [] });
    expect(res.body.planId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.expiresAt - res.body.createdAt).toBe(10 * MIN);
    const added = res.body.couriers.reduce((sum, c) => sum + c.added, 0);
    expect(added).toBe(6);
    for (const c of res.body.couriers) expect(c.stopsAfter).toBeGreaterThan(c.stopsBefore - 1);
    expect(res.body.km.after).toBeGreaterThan(res.body.km.before);
    expect(res.body.lateStops).toEqual({ before: 0, after: 0 });
    // Nothing written: the stops wait, the routes and their versions are as they were.
    expect(await unassignedCount(hubId)).toBe(6);
    expect(await Promise.all(couriers.map((c) => route(c.id)))).toEqual(before);
  });

  it('applies the previewed plan on accept, once', async () => {
    const { hubId, couriers } = await hubWithWork('Take');
    const shown = (await preview(hubId)).body;

    const res = await accept(hubId, shown.planId);

    expect(res.status).toBe(200);
    expect(res.body.planned).toBe(6);
    // Counted couriers are those that got stops, and together they got what was planned.
    expect(res.body.couriers.every((c) => c.added > 0)).toBe(true);
    expect(res.body.couriers.reduce((sum, c) => sum + c.added, 0)).toBe(6);
    expect(await unassignedCount(hubId)).toBe(0);
    const after = await Promise.all(couriers.map((c) => route(c.id)));
    expect(after.flatMap((r) => r.stops).length).toBe(7);
    for (const c of couriers)
      expect(res.body.routeVersions[String(c.id)] ?? 0).toBe((await route(c.id)).version);
    const again = await accept(hubId, shown.planId);
    expect(again.status).toBe(404);
    expect(again.body.code).toBe('not_found');
  });

  it('refuses to accept a plan after a route it touches changed, in plain words, changing nothing', async () => {
    const { hubId, couriers } = await hubWithWork('Stale');
    const shown = (await preview(hubId)).body;
    const [ana, ben] = couriers;
    const [anaRoute, benRoute] = [await route(ana!.id), await route(ben!.id)];
    // Meanwhile a dispatcher hands Ana's open stop to Ben.
    const moved = await server.request('POST', '/api/v1/stops/reassign', {
      cookie,
      body: {
        stopIds: [anaRoute.stops[0]!.id],
        toCourierId: ben!.id,
        routeVersions: { [ana!.id]: anaRoute.version, [ben!.id]: benRoute.version },
      },
    });
    expect(moved.status).toBe(200);
    const changed = await Promise.all(couriers.map((c) => route(c.id)));

    const res = await accept(hubId, shown.planId);

    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      code: 'conflict',
      message: 'Routes changed since this plan was made; plan again',
    });
    expect(await unassignedCount(hubId)).toBe(6);
    expect(await Promise.all(couriers.map((c) => route(c.id)))).toEqual(changed);
  });

  it('discards a plan: nothing changes and it can no longer be accepted', async () => {
    const { hubId, couriers } = await hubWithWork('Drop');
    const before = await Promise.all(couriers.map((c) => route(c.id)));
    const shown = (await preview(hubId)).body;

    const res = await server.request('DELETE', `/api/v1/hubs/${hubId}/plan/${shown.planId}`, {
      cookie,
    });

    expect(res.status).toBe(204);
    expect((await accept(hubId, shown.planId)).status).toBe(404);
    expect(await unassignedCount(hubId)).toBe(6);
    expect(await Promise.all(couriers.map((c) => route(c.id)))).toEqual(before);
  });

  it('keeps one plan per hub: a newer preview replaces the older', async () => {
    const { hubId } = await hubWithWork('Twice');
    const first = (await preview(hubId)).body;
    const second = (await preview(hubId)).body;
    expect((await accept(hubId, first.planId)).status).toBe(404);
    expect((await accept(hubId, second.planId)).status).toBe(200);
  });

  it('lets a dispatcher plan only for their own hub', async () => {
    const own = await hubWithWork('Mine');
    const other = await hubWithWork('Theirs');
    const created = await server.request('POST', '/api/v1/users', {
      cookie,
      body: {
        email: 'planner@example.test',
        name: 'Dora',
        password: 'a long enough password',
        role: 'dispatcher',
        hubId: own.hubId,
      },
    });
    expect(created.status).toBe(201);
    const dora = await server.login('planner@example.test', 'a long enough password');

    expect((await preview(own.hubId, dora)).status).toBe(200);
    const refused = await preview(other.hubId, dora);
    expect(refused.status).toBe(404);
    expect(refused.body.code).toBe('not_found');
  });

  it('refuses malformed plan ids and unknown hubs', async () => {
    const { hubId } = await hubWithWork('Odd');
    expect((await accept(hubId, 'not-a-plan')).status).toBe(400);
    expect((await preview(99_999)).status).toBe(404);
    const unknown = await accept(hubId, '00000000-0000-4000-8000-000000000000');
    expect(unknown.status).toBe(404);
  });
});
