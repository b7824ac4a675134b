import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  epochToZonedLocal,
  zonedDate,
  type AttemptPolicies,
  type AttemptReport,
  type FailureReason,
  type RoutePayload,
  type Stop,
  type SuggestionView,
} from '@dispatch/shared';
import { TestServer, eventually, makePings, type CourierClient } from '../helpers/test-server';

const MIN = 60_000;
const HOUR = 60 * MIN;
const ZONE = 'America/Campo_Grande';
const HUB = { lat: -20.46, lng: -54.61 };
const near = (km: number) => ({ lat: HUB.lat + km / 111.2, lng: HUB.lng + km / 104.2 });

type Courier = { id: number; deviceToken: string };
type Row = { status: string; courier_id: number | null; attempts: number };

describe('failed attempts and returns through the real server', () => {
  let server: TestServer;
  let admin: string;
  let hubId: number;
  let otherHubId: number;
  let ana: Courier;
  let ben: Courier;
  let anaDevice: CourierClient;
  let benDevice: CourierClient;
  const now = Date.now();
  const routesSeen: RoutePayload[] = [];

  const login = async (role: string, scope: number | null) => {
    const email = `${role}-${scope ?? 'all'}@example.com`;
    await server.request('POST', '/api/v1/users', {
      cookie: admin,
      body: { email, name: role, role, password: 'a-long-password', hubId: scope },
    });
    return server.login(email, 'a-long-password');
  };
  const createHub = async (name: string) =>
    (
      await server.request<{ id: number }>('POST', '/api/v1/hubs', {
        cookie: admin,
        body: { name, ...HUB, timezone: ZONE },
      })
    ).body.id;
  /** Imports stops; returns their ids (a customer return's drop-off comes after them). */
  const importStops = async (stops: object[]) => {
    const res = await server.request<{ ids: number[] }>('POST', '/api/v1/stops', {
      cookie: admin,
      body: { stops: stops.map((s) => ({ address: 'Rua 1', ...near(1), hubId, ...s })) },
    });
    expect(res.status).toBe(201);
    return res.body.ids;
  };
  const stop = async (id: number) =>
    (await server.request<Stop>('GET', `/api/v1/stops/${id}`, { cookie: admin })).body;
  const row = async (id: number) =>
    (
      await server.app.db.query<Row>(
        'select status, courier_id, attempts from stops where id = $1',
        [id],
      )
    )[0]!;
  const stopEvents = (id: number) =>
    server.app.db.query<{ kind: string; actor_type: string; data: Record<string, unknown> }>(
      `select kind, actor_type, data from events
       where subject_type = 'stop' and subject_id = $1 order by id`,
      [id],
    );
  /** A courier reports a failed attempt; resolves once the hub's policy has been applied. */
  const fail = async (device: CourierClient, stopId: number, reasonCode: FailureReason) => {
    expect(await device.timeout(5000).emitWithAck('stop:failed', { stopId, reasonCode })).toEqual({
      ok: true,
    });
    await server.app.reattempts.settled();
  };
  const fixAt = async (device: CourierClient, courierId: number, seq: number) => {
    const t = Date.now() - 200;
    await device.timeout(5000).emitWithAck('pings', { pings: makePings(1, seq, t, near(1)) });
    await eventually(() => (server.app.fleet.get(courierId)?.fix?.t === t ? true : undefined));
  };
  const routeOf = async (courierId: number) =>
    (
      await server.request<RoutePayload>('GET', `/api/v1/couriers/${courierId}/route`, {
        cookie: admin,
      })
    ).body;

  beforeAll(async () => {
    server = await TestServer.start();
    admin = await server.login();
    hubId = await createHub('Centro');
    otherHubId = await createHub('Norte');
    ana = await server.createCourier(admin, { name: 'Ana', vehicle: 'car', hubId });
    ben = await server.createCourier(admin, { name: 'Ben', vehicle: 'car', hubId });
    anaDevice = await server.connectCourier(ana.deviceToken);
    benDevice = await server.connectCourier(ben.deviceToken);
    anaDevice.on('route:updated', (route) => routesSeen.push(route));
    await fixAt(anaDevice, ana.id, 1);
    await fixAt(benDevice, ben.id, 1);
  });
  afterAll(() => server?.stop());

  describe('the policy routes', () => {
    it('answer the defaults for a hub that set none, to anyone on the console', async () => {
      const dispatcher = await login('dispatcher', hubId);
      const res = await server.request<AttemptPolicies>(
        'GET',
        `/api/v1/hubs/${hubId}/attempt-policies`,
        { cookie: dispatcher },
      );
      expect(res.status).toBe(200);
      expect(res.body.policies).toEqual([
        { slaTier: 'express', retrySameDay: true, moveToNextDay: false, maxAttempts: 2 },
        { slaTier: 'same_day', retrySameDay: true, moveToNextDay: true, maxAttempts: 3 },
        { slaTier: 'next_day', retrySameDay: false, moveToNextDay: true, maxAttempts: 3 },
      ]);
      const missing = await server.request('GET', '/api/v1/hubs/9999/attempt-policies', {
        cookie: dispatcher,
      });
      expect(missing.status).toBe(404);
    });

    it('let a supervisor of the hub set a tier, logged, and nobody else', async () => {
      const never = {
        slaTier: 'next_day',
        retrySameDay: false,
        moveToNextDay: false,
        maxAttempts: 3,
      };
      const put = (cookie: string, id = hubId, body: unknown = { policies: [never] }) =>
        server.request<AttemptPolicies & { code?: string }>(
          'PUT',
          `/api/v1/hubs/${id}/attempt-policies`,
          { cookie, body },
        );
      expect((await put(await login('dispatcher', null))).status).toBe(403);
      const elsewhere = await login('supervisor', otherHubId);
      expect((await put(elsewhere)).body.code).toBe('not_found');
      const supervisor = await login('supervisor', hubId);
      expect(
        (await put(supervisor, hubId, { policies: [{ ...never, maxAttempts: 0 }] })).status,
      ).toBe(400);
      expect((await put(supervisor, hubId, { policies: [never, never] })).body.code).toBe(
        'invalid',
      );

      const saved = await put(supervisor);
      expect(saved.status).toBe(200);
      expect(saved.body.policies.map((p) => p.slaTier)).toEqual([
        'express',
        'same_day',
        'next_day',
      ]);
      expect(saved.body.policies[2]).toEqual(never);
      const [logged] = await server.app.db.query<{ actor_type: string; data: object }>(
        `select actor_type, data from events where kind = 'hub.attempt_policies_changed'
         and subject_id = $1`,
        [hubId],
      );
      expect(logged).toMatchObject({
        actor_type: 'user',
        data: { before: [{ slaTier: 'next_day', moveToNextDay: true }], after: [never] },
      });
    });
  });

  describe('a failed attempt, by the hub’s policy', () => {
    let keep: number;

    beforeAll(async () => {
      // Ana keeps one stop open all along: she is still out delivering.
      keep = (
        await importStops([
          { orderRef: 'KEEP', courierId: ana.id, windowStart: now, windowEnd: now + 8 * HOUR },
        ])
      )[0]!;
    });

    it('goes back on no route today while its window allows, and suggestions are asked for it', async () => {
      const [id] = await importStops([
        {
          orderRef: 'TODAY',
          courierId: ana.id,
          windowStart: now - HOUR,
          windowEnd: now + 2 * HOUR,
        },
      ]);
      const before = (await routeOf(ana.id)).version;
      await fail(anaDevice, id!, 'not_home');
      expect(await row(id!)).toEqual({ status: 'unassigned', courier_id: null, attempts: 1 });
      const events = await stopEvents(id!);
      expect(events.at(-1)).toMatchObject({
        kind: 'stop.reattempt_planned',
        actor_type: 'system',
        data: { from: 'failed', courierId: ana.id, reasonCode: 'not_home', attempts: 1 },
      });
      expect((await routeOf(ana.id)).version).toBeGreaterThan(before);
      const suggestion = await eventually(async () => {
        const list = await server.request<{ suggestions: SuggestionView[] }>(
          'GET',
          '/api/v1/suggestions',
          { cookie: admin },
        );
        return list.body.suggestions.find((s) => s.stopIds.includes(id!));
      }, 10_000);
      expect(suggestion.toCourierId).not.toBeNull();
    });

    it('moves to the same hours of the hub’s next day when too little of its window is left', async () => {
      const window = { windowStart: now - HOUR, windowEnd: now + 10 * MIN };
      const [id] = await importStops([{ orderRef: 'TOMORROW', courierId: ana.id, ...window }]);
      await fail(anaDevice, id!, 'no_access');
      const moved = await stop(id!);
      expect(moved).toMatchObject({ status: 'unassigned', courierId: null, hubId });
      const tomorrow = zonedDate(Date.now() + 24 * HOUR, ZONE);
      expect(zonedDate(moved.windowStart, ZONE)).toBe(tomorrow);
      for (const key of ['windowStart', 'windowEnd'] as const) {
        expect(epochToZonedLocal(moved[key], ZONE).slice(11)).toBe(
          epochToZonedLocal(window[key], ZONE).slice(11),
        );
      }
      expect((await stopEvents(id!)).at(-1)).toMatchObject({
        kind: 'stop.moved_to_next_day',
        data: { before: window, after: { windowStart: moved.windowStart } },
      });
    });

    it('goes back to the hub on the same route when refused, shown as the hub', async () => {
      const [id] = await importStops([
        { orderRef: 'REFUSED', courierId: ana.id, windowStart: now, windowEnd: now + 4 * HOUR },
      ]);
      await fail(anaDevice, id!, 'refused');
      expect((await row(id!)).status).toBe('returning');
      const route = await routeOf(ana.id);
      expect(route.stops.map((s) => s.id)).toEqual([keep, id]);
      expect(route.stops[1]).toMatchObject({
        status: 'returning',
        orderRef: 'REFUSED',
        address: 'Centro',
        lat: HUB.lat,
        lng: HUB.lng,
      });
      expect(route.stops[1]!.seq).toBeGreaterThan(route.stops[0]!.seq);
      await eventually(() => (routesSeen.at(-1)?.version === route.version ? true : undefined));
      expect((await stopEvents(id!)).at(-1)).toMatchObject({
        kind: 'stop.returning',
        data: { cause: 'refused' },
      });
    });

    it('goes back once the attempts are used up, after a re-attempt on a route', async () => {
      const [id] = await importStops([
        {
          orderRef: 'EXPRESS',
          slaTier: 'express',
          courierId: ana.id,
          windowStart: now,
          windowEnd: now + 3 * HOUR,
        },
      ]);
      await fail(anaDevice, id!, 'not_home');
      expect((await row(id!)).status).toBe('unassigned');
      const versions = { [ana.id]: (await routeOf(ana.id)).version };
      const moved = await server.request('POST', '/api/v1/stops/reassign', {
        cookie: admin,
        body: { stopIds: [id], toCourierId: ana.id, routeVersions: versions },
      });
      expect(moved.status).toBe(200);
      await fail(anaDevice, id!, 'not_home');
      expect(await row(id!)).toEqual({ status: 'returning', courier_id: ana.id, attempts: 2 });
      expect((await stopEvents(id!)).at(-1)?.data).toMatchObject({ cause: 'max_attempts' });
    });

    it('goes back when damaged, or when the policy allows neither today nor tomorrow', async () => {
      const nextDay = { slaTier: 'next_day', courierId: ben.id, windowStart: now };
      const ids = await importStops([
        { orderRef: 'DAMAGED', ...nextDay, windowEnd: now + 5 * HOUR },
        { orderRef: 'NEVER', ...nextDay, windowEnd: now + 5 * HOUR },
      ]);
      await fail(benDevice, ids[0]!, 'damaged');
      await fail(benDevice, ids[1]!, 'not_home');
      const causes = await server.app.db.query<{ cause: string }>(
        `select data->>'cause' as cause from events where kind = 'stop.returning'
         and subject_id = any($1::int[]) order by subject_id`,
        [`{${ids.join(',')}}`],
      );
      expect(causes.map((c) => c.cause)).toEqual(['damaged', 'no_retry_left']);
    });
  });

  describe('checking a parcel in at the hub', () => {
    const returning = async (courierId: number) =>
      (await routeOf(courierId)).stops.filter((s) => s.status === 'returning').map((s) => s.id);

    it('lets a dispatcher of the hub check a returning parcel in, once', async () => {
      const [refused] = await returning(ana.id);
      const checkIn = (cookie: string, id = refused) =>
        server.request<Stop & { code?: string; details?: unknown }>(
          'POST',
          `/api/v1/stops/${id}/returned`,
          { cookie },
        );
      expect((await checkIn(await login('dispatcher', otherHubId))).status).toBe(404);
      const dispatcher = await login('dispatcher', hubId);
      const res = await checkIn(dispatcher);
      expect(res.status).toBe(200);
      expect(res.body.status).toBe('returned');
      const [stored] = await server.app.db.query<{ returned_at: Date | string | null }>(
        'select returned_at from stops where id = $1',
        [refused],
      );
      expect(stored!.returned_at).not.toBeNull();
      expect(await returning(ana.id)).not.toContain(refused);
      const again = await checkIn(dispatcher);
      expect(again.status).toBe(409);
      expect(again.body.details).toEqual([{ path: 'status', message: 'returned' }]);
      expect((await checkIn(dispatcher, 999_999)).status).toBe(404);
    });

    it('lets the courier who brought a parcel back check it in from its phone, and no other', async () => {
      const [damaged, never] = await returning(ben.id);
      expect(
        await anaDevice.timeout(5000).emitWithAck('stop:returned', { stopId: damaged! }),
      ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(
        await benDevice
          .timeout(5000)
          .emitWithAck('stop:returned', { stopId: never!, t: Date.now() }),
      ).toEqual({ ok: true });
      expect((await row(never!)).status).toBe('returned');
      expect((await stopEvents(never!)).at(-1)).toMatchObject({
        kind: 'stop.returned',
        actor_type: 'courier',
      });
    });

    it('counts the day for supervisors of the hub: failures by reason, parcels coming back, returns', async () => {
      const report = (cookie: string, id = hubId) =>
        server.request<AttemptReport>('GET', `/api/v1/reports/attempts?hubId=${id}`, { cookie });
      expect((await report(await login('dispatcher', null))).status).toBe(403);
      expect((await report(await login('supervisor', otherHubId))).status).toBe(404);
      const res = await report(await login('supervisor', hubId));
      expect(res.status).toBe(200);
      const counts = Object.fromEntries(
        res.body.failedByReason.map((r) => [r.reasonCode, r.count]),
      );
      expect(counts).toEqual({
        not_home: 4,
        refused: 1,
        wrong_address: 0,
        no_access: 1,
        damaged: 1,
        unsafe: 0,
        other: 0,
      });
      expect(res.body).toMatchObject({
        day: zonedDate(Date.now(), ZONE),
        failedTotal: 7,
        // Ana's express parcel rides along while she delivers; Ben's damaged one waits at the hub.
        onTheWayBack: 1,
        awaitingCheckIn: 1,
        returnedToday: 2,
      });
    });
  });
});
