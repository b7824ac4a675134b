import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  epochToZonedLocal,
  type RescheduleOptions,
  type RoutePayload,
  type WindowSlots,
} from '@dispatch/shared';
import { TestServer, eventually, makePings, type CourierClient } from '../helpers/test-server';
import { customerAt, trackingToken } from '../helpers/tracking-client';

const HOUR = 3_600_000;
const ZONE = 'America/Campo_Grande';
const HUB = { lat: -20.46, lng: -54.61 };
const near = (km: number) => ({ lat: HUB.lat + km / 111.2, lng: HUB.lng + km / 104.2 });
const MORNING = { startMinute: 8 * 60, endMinute: 12 * 60, capacity: 5 };
const EVENING = { startMinute: 18 * 60, endMinute: 21 * 60, capacity: 1 };

type Courier = { id: number; deviceToken: string };
type Row = {
  status: string;
  courier_id: number | null;
  sequence: number | null;
  /** Epoch ms. */
  window_start: number;
  returned_at: string | Date | null;
  collect_at_hub: boolean;
};

describe('customers moving their delivery through the real server', () => {
  let server: TestServer;
  let admin: string;
  let hubId: number;
  let otherHubId: number;
  let ana: Courier;
  let ben: Courier;
  let anaDevice: CourierClient;
  /** One customer's client address for the whole file (its tries stay well under the cap). */
  const ask: ReturnType<typeof customerAt> = (...args) => customerAt(server, '192.0.2.50')(...args);

  const createHub = async (name: string) =>
    (
      await server.request<{ id: number }>('POST', '/api/v1/hubs', {
        cookie: admin,
        body: { name, ...HUB, timezone: ZONE },
      })
    ).body.id;
  const login = async (role: string, scope: number | null) => {
    const email = `${role}-${scope ?? 'all'}@example.com`;
    await server.request('POST', '/api/v1/users', {
      cookie: admin,
      body: { email, name: role, role, password: 'a-long-password', hubId: scope },
    });
    return server.login(email, 'a-long-password');
  };
  /** Imports stops at the hub; returns their tracking tokens by order reference. */
  const importStops = async (stops: object[], hub = hubId) => {
    const now = Date.now();
    const res = await server.request<{ ids: number[] }>('POST', '/api/v1/stops', {
      cookie: admin,
      body: {
        stops: stops.map((s) => ({
          address: 'Rua 1',
          ...near(1),
          hubId: hub,
          windowStart: now,
          windowEnd: now + 6 * HOUR,
          ...s,
        })),
      },
    });
    expect(res.status).toBe(201);
    return Promise.all(
      res.body.ids.map(async (id) => ({ id, token: await trackingToken(server, id) })),
    );
  };
  const row = async (id: number) =>
    (
      await server.app.db.query<Row>(
        `select status, courier_id, sequence, returned_at, collect_at_hub,
           (extract(epoch from window_start) * 1000)::float8 as window_start
         from stops where id = $1`,
        [id],
      )
    )[0]!;
  const routeOf = async (courierId: number) =>
    (
      await server.request<RoutePayload>('GET', `/api/v1/couriers/${courierId}/route`, {
        cookie: admin,
      })
    ).body;
  const options = async (token: string) =>
    (await ask<RescheduleOptions>('GET', `${token}/reschedule-options`)).body;
  const putSlots = (cookie: string, id: number, body: unknown) =>
    server.request<WindowSlots & { code?: string }>('PUT', `/api/v1/hubs/${id}/window-slots`, {
      cookie,
      body,
    });

  beforeAll(async () => {
    server = await TestServer.start();
    admin = await server.login();
    hubId = await createHub('Centro');
    otherHubId = await createHub('Norte');
    ana = await server.createCourier(admin, { name: 'Ana', vehicle: 'car', hubId });
    ben = await server.createCourier(admin, { name: 'Ben', vehicle: 'car', hubId });
    anaDevice = await server.connectCourier(ana.deviceToken);
    const t = Date.now() - 200;
    await anaDevice.timeout(5000).emitWithAck('pings', { pings: makePings(1, 1, t, near(1)) });
    await eventually(() => (server.app.fleet.get(ana.id)?.fix ? true : undefined));
  });
  afterAll(() => server?.stop());

  describe('window slots', () => {
    it('are read by anyone on the console and set only by a supervisor of the hub or an admin', async () => {
      const dispatcher = await login('dispatcher', hubId);
      const read = await server.request<WindowSlots>('GET', `/api/v1/hubs/${hubId}/window-slots`, {
        cookie: dispatcher,
      });
      expect(read.status).toBe(200);
      expect(read.body).toEqual({ slots: [] });
      const body = { slots: [EVENING, MORNING] };
      expect((await putSlots(dispatcher, hubId, body)).status).toBe(403);
      expect((await putSlots(await login('dispatcher', otherHubId), hubId, body)).status).toBe(403);
      const elsewhere = await putSlots(await login('supervisor', otherHubId), hubId, body);
      expect(elsewhere.body.code).toBe('not_found');
    });

    it('refuse overlapping slots and one ending before it starts, changing nothing', async () => {
      const supervisor = await login('supervisor', hubId);
      const overlap = await putSlots(supervisor, hubId, {
        slots: [MORNING, { startMinute: 11 * 60, endMinute: 13 * 60, capacity: 2 }],
      });
      expect(overlap.status).toBe(400);
      expect(overlap.body.code).toBe('invalid');
      const backwards = await putSlots(supervisor, hubId, {
        slots: [{ startMinute: 10 * 60, endMinute: 9 * 60, capacity: 2 }],
      });
      expect(backwards.status).toBe(400);
      const read = await server.request<WindowSlots>('GET', `/api/v1/hubs/${hubId}/window-slots`, {
        cookie: supervisor,
      });
      expect(read.body.slots).toEqual([]);
    });

    it('are replaced whole by a supervisor of the hub, logged', async () => {
      const saved = await putSlots(await login('supervisor', hubId), hubId, {
        slots: [EVENING, MORNING],
      });
      expect(saved.status).toBe(200);
      expect(saved.body.slots).toEqual([MORNING, EVENING]);
      const [logged] = await server.app.db.query<{ actor_type: string; data: object }>(
        `select actor_type, data from events where kind = 'hub.window_slots_changed'
         and subject_id = $1`,
        [hubId],
      );
      expect(logged).toMatchObject({
        actor_type: 'user',
        data: { before: [], after: [MORNING, EVENING] },
      });
    });
  });

  it('offers only collecting at the hub where no slots are set', async () => {
    const [stop] = await importStops([{ orderRef: 'NORTE-1' }], otherHubId);
    expect(await options(stop!.token)).toEqual({ options: [], collectAtHub: true });
  });

  it('offers the hub’s windows on the next 7 local days with room left', async () => {
    const [stop] = await importStops([{ orderRef: 'LOOK' }]);
    const offered = await options(stop!.token);
    expect(offered.collectAtHub).toBe(true);
    expect(offered.options.length).toBeGreaterThanOrEqual(12);
    expect(offered.options.length).toBeLessThanOrEqual(14);
    for (const o of offered.options) {
      expect(o.start).toBeGreaterThanOrEqual(Date.now() + HOUR - 5000);
      const hours = epochToZonedLocal(o.start, ZONE).slice(11);
      expect(['08:00', '18:00']).toContain(hours);
      expect(o.left).toBe(hours === '08:00' ? 5 : 1);
    }
  });

  it('moves a stop off its route, unassigned with the new window, written to the outbox', async () => {
    const [, moving] = await importStops([
      { orderRef: 'BEN-1', courierId: ben.id },
      { orderRef: 'MOVE', courierId: ben.id },
    ]);
    const before = (await routeOf(ben.id)).version;
    const choice = (await options(moving!.token)).options.find((o) => o.left === 5)!;
    const res = await ask('POST', `${moving!.token}/reschedule`, {
      window: { start: choice.start, end: choice.end },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      phase: 'rescheduled',
      window: { start: choice.start, end: choice.end },
    });
    expect(await row(moving!.id)).toMatchObject({
      status: 'unassigned',
      courier_id: null,
      sequence: null,
    });
    const route = await routeOf(ben.id);
    expect(route.version).toBeGreaterThan(before);
    expect(route.stops.map((s) => s.id)).not.toContain(moving!.id);
    const outbox = await server.app.db.query<{ type: string }>(
      'select type from notification_events where stop_id = $1 order by id',
      [moving!.id],
    );
    expect(outbox.map((e) => e.type)).toContain('stop.rescheduled');
    const [logged] = await server.app.db.query<{ actor_type: string; actor_id: number | null }>(
      `select actor_type, actor_id from events where kind = 'stop.rescheduled' and subject_id = $1`,
      [moving!.id],
    );
    expect(logged).toEqual({ actor_type: 'customer', actor_id: null });
    expect((await options(moving!.token)).options.find((o) => o.start === choice.start)?.left).toBe(
      undefined,
    );
  });

  it('refuses a window the hub does not offer, changing nothing', async () => {
    const [stop] = await importStops([{ orderRef: 'ODD' }]);
    const start = Date.now() + 30 * HOUR;
    const res = await ask('POST', `${stop!.token}/reschedule`, {
      window: { start, end: start + HOUR },
    });
    expect(res.status).toBe(400);
    expect((await row(stop!.id)).window_start).not.toBe(start);
  });

  it('gives a window of capacity 1 to one customer only', async () => {
    const [first, second] = await importStops([{ orderRef: 'CAP-1' }, { orderRef: 'CAP-2' }]);
    const evening = (await options(first!.token)).options.find((o) => o.left === 1)!;
    const body = { window: { start: evening.start, end: evening.end } };
    const answers = await Promise.all([
      ask('POST', `${first!.token}/reschedule`, body),
      ask('POST', `${second!.token}/reschedule`, body),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 409)!.body.code).toBe('conflict');
    const offered = await options(second!.token);
    expect(offered.options.some((o) => o.start === evening.start)).toBe(false);
  });

  it('sends a parcel out with its courier back on that route when the customer collects it', async () => {
    const [first, collect] = await importStops([
      { orderRef: 'ANA-1', courierId: ana.id },
      { orderRef: 'COLLECT', courierId: ana.id, ...near(3) },
    ]);
    expect(
      await anaDevice.timeout(5000).emitWithAck('stop:en_route', { stopId: first!.id }),
    ).toEqual({
      ok: true,
    });
    // Out for delivery: no other window, but the hub's counter still.
    expect(await options(collect!.token)).toEqual({ options: [], collectAtHub: true });
    const start = Date.now() + 30 * HOUR;
    const moved = await ask('POST', `${collect!.token}/reschedule`, {
      window: { start, end: start + HOUR },
    });
    expect(moved.status).toBe(409);
    const res = await ask('POST', `${collect!.token}/reschedule`, { collectAtHub: true });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ phase: 'collect_at_hub', courier: null });
    expect(await row(collect!.id)).toMatchObject({
      status: 'returning',
      courier_id: ana.id,
      collect_at_hub: true,
    });
    const leg = (await routeOf(ana.id)).stops.at(-1)!;
    expect(leg).toMatchObject({ id: collect!.id, status: 'returning', address: 'Centro' });
  });

  it('keeps a parcel not yet out at the hub when the customer collects it', async () => {
    const [stop] = await importStops([{ orderRef: 'AT-HUB', courierId: ben.id }]);
    const res = await ask('POST', `${stop!.token}/reschedule`, { collectAtHub: true });
    expect(res.status).toBe(200);
    expect(res.body.phase).toBe('collect_at_hub');
    const stored = await row(stop!.id);
    expect(stored).toMatchObject({ status: 'returned', courier_id: null, collect_at_hub: true });
    expect(stored.returned_at).not.toBeNull();
  });

  it('refuses once the courier arrived, after delivery, and for a pickup', async () => {
    const [arrived, delivered] = await importStops([
      { orderRef: 'ARRIVED', courierId: ana.id },
      { orderRef: 'DELIVERED', courierId: ana.id },
    ]);
    const [pickup] = await importStops([{ orderRef: 'PICK', kind: 'pickup' }]);
    const emit = (event: 'stop:arrived' | 'stop:delivered', stopId: number) =>
      anaDevice.timeout(5000).emitWithAck(event, { stopId });
    expect(await emit('stop:arrived', arrived!.id)).toEqual({ ok: true });
    expect(await emit('stop:delivered', delivered!.id)).toEqual({ ok: true });
    for (const stop of [arrived!, delivered!, pickup!]) {
      const res = await ask('POST', `${stop.token}/reschedule`, { collectAtHub: true });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('conflict');
    }
    expect((await row(arrived!.id)).status).toBe('arrived');
    const instruct = await ask('PUT', `${arrived!.token}/instructions`, {
      kind: 'door_code',
      text: '4711',
    });
    expect(instruct.status).toBe(409);
  });
});
