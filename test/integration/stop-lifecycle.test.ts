import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KpiSnapshot, Stop } from '@dispatch/shared';
import { TestServer, eventually, makePings, type CourierClient } from '../helpers/test-server';

const HUB = { lat: 52.5, lng: 13.4 };

describe('the stop lifecycle as couriers and dispatchers drive it', () => {
  let server: TestServer;
  let admin: string;
  let hubId: number;
  let courier: { id: number; deviceToken: string };
  let device: CourierClient;
  let stopIds: number[];
  let seq = 0;
  const now = Date.now();

  /** Sends one fix and waits until the live fleet holds it. */
  const fixAt = async (lat: number, lng: number, t = Date.now() - 200) => {
    seq += 1;
    const [ping] = makePings(1, seq, t, { lat, lng });
    await device.timeout(10_000).emitWithAck('pings', { pings: [ping!] });
    await eventually(
      () => (server.app.fleet.get(courier.id)?.fix?.t === t ? true : undefined),
      5000,
      'the fix to reach the fleet',
    );
    return t;
  };
  const stopRow = async (id: number) =>
    (
      await server.app.db.query<{
        status: string;
        attempts: number;
        completed_at: Date | string | null;
      }>('select status, attempts, completed_at from stops where id = $1', [id])
    )[0]!;
  const eventsOf = (id: number) =>
    server.app.db.query<{
      kind: string;
      actor_type: string;
      actor_id: number;
      data: Record<string, unknown>;
    }>(
      `select kind, actor_type, actor_id, data from events
       where subject_type = 'stop' and subject_id = $1 and kind like 'stop.%' order by id`,
      [id],
    );

  beforeAll(async () => {
    server = await TestServer.start();
    admin = await server.login();
    hubId = (
      await server.request<{ id: number }>('POST', '/api/v1/hubs', {
        cookie: admin,
        body: { name: 'Centre', ...HUB },
      })
    ).body.id;
    courier = await server.createCourier(admin, { hubId });
    const stop = (ref: string, windowEnd: number) => ({
      orderRef: ref,
      address: ref,
      ...HUB,
      hubId,
      courierId: courier.id,
      windowStart: now - 3 * 3600_000,
      windowEnd,
    });
    const res = await server.request<{ ids: number[] }>('POST', '/api/v1/stops', {
      cookie: admin,
      body: {
        stops: [
          stop('WALK', now + 3600_000),
          stop('CANCEL', now + 3600_000),
          stop('BACKDATE', now - 30 * 60_000),
          stop('FAR', now + 3600_000),
        ],
      },
    });
    stopIds = res.body.ids;
    device = await server.connectCourier(courier.deviceToken);
  });
  afterAll(() => server?.stop());

  it('walks a stop through arrived and delivered, logging who, when and where', async () => {
    const walk = stopIds[0]!;
    await fixAt(HUB.lat, HUB.lng);
    for (const outcome of ['arrived', 'delivered'] as const) {
      expect(
        await device.timeout(5000).emitWithAck(`stop:${outcome}`, { stopId: walk, t: Date.now() }),
      ).toEqual({ ok: true });
    }
    expect(await stopRow(walk)).toMatchObject({ status: 'delivered', attempts: 1 });
    const events = await eventsOf(walk);
    expect(events.map((e) => e.kind)).toEqual(['stop.created', 'stop.arrived', 'stop.delivered']);
    expect(events[2]).toMatchObject({
      actor_type: 'courier',
      actor_id: courier.id,
      data: { from: 'arrived', distanceMeters: 0, fix: { lat: HUB.lat, lng: HUB.lng } },
    });
    expect(events[2]!.data).not.toHaveProperty('far_from_stop');
    const view = await server.request<Stop>('GET', `/api/v1/stops/${walk}`, { cookie: admin });
    expect(view.body).toMatchObject({ completionDistanceMeters: 0, farFromStop: false });
  });

  it('refuses a second delivery as a conflict naming the status, and changes nothing', async () => {
    const walk = stopIds[0]!;
    const before = await stopRow(walk);
    expect(await device.timeout(5000).emitWithAck('stop:delivered', { stopId: walk })).toEqual({
      ok: false,
      error: {
        code: 'conflict',
        message: expect.stringContaining('delivered') as unknown as string,
        details: [{ path: 'status', message: 'delivered' }],
      },
    });
    expect(await stopRow(walk)).toEqual(before);
  });

  it('lets a dispatcher cancel a stop, after which a delivery is a conflict and changes nothing', async () => {
    const cancel = stopIds[1]!;
    const res = await server.request<Stop>('POST', `/api/v1/stops/${cancel}/cancel`, {
      cookie: admin,
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('cancelled');
    const before = await stopRow(cancel);
    expect(
      await device.timeout(5000).emitWithAck('stop:delivered', { stopId: cancel }),
    ).toMatchObject({
      ok: false,
      error: { code: 'conflict', details: [{ path: 'status', message: 'cancelled' }] },
    });
    expect(await stopRow(cancel)).toEqual(before);
    const again = await server.request<{ code: string; details: unknown }>(
      'POST',
      `/api/v1/stops/${cancel}/cancel`,
      { cookie: admin },
    );
    expect(again.status).toBe(409);
    expect(again.body.details).toEqual([{ path: 'status', message: 'cancelled' }]);
  });

  it('clamps a delivery dated before its stop was placed up to the placement, so it is not counted on time', async () => {
    const backdated = stopIds[2]!;
    await fixAt(HUB.lat, HUB.lng);
    const windowEnd = now - 30 * 60_000;
    expect(
      await device
        .timeout(5000)
        .emitWithAck('stop:delivered', { stopId: backdated, t: windowEnd - 10 * 60_000 }),
    ).toEqual({ ok: true });
    const [created] = await server.app.db.query<{ created_at: Date | string }>(
      'select created_at from stops where id = $1',
      [backdated],
    );
    const placedAt = new Date(created!.created_at).getTime();
    const completedAt = (await stopRow(backdated)).completed_at;
    expect(completedAt === null ? null : new Date(completedAt).getTime()).toBe(placedAt);
    const events = await eventsOf(backdated);
    expect(events.find((e) => e.kind === 'stop.delivered')!.data).toMatchObject({
      at: placedAt,
      clamped: 'up',
      deviceT: windowEnd - 10 * 60_000,
    });
    expect(events.find((e) => e.kind === 'stop.time_clamped')!.data).toMatchObject({
      deviceT: windowEnd - 10 * 60_000,
      at: placedAt,
      bound: 'placed',
    });
    const kpi = await server.request<KpiSnapshot>('GET', '/api/v1/kpi', { cookie: admin });
    // The walked stop was on time; the backdated one, clamped past its window, is not.
    expect(kpi.body.hubs.find((h) => h.hubId === hubId)).toMatchObject({ delivered: 2, onTime: 1 });
  });

  it('flags a delivery recorded far from the stop', async () => {
    const far = stopIds[3]!;
    // A minute after the last fix (a clock a little ahead), so the kilometre is a ride, not a jump.
    await fixAt(HUB.lat + 0.01, HUB.lng, Date.now() + 60_000);
    expect(await device.timeout(5000).emitWithAck('stop:delivered', { stopId: far })).toEqual({
      ok: true,
    });
    const delivered = (await eventsOf(far)).find((e) => e.kind === 'stop.delivered')!;
    expect(delivered.data).toMatchObject({ far_from_stop: true });
    expect(delivered.data.distanceMeters).toBeGreaterThan(300);
    const view = await server.request<Stop>('GET', `/api/v1/stops/${far}`, { cookie: admin });
    expect(view.body.farFromStop).toBe(true);
    expect(view.body.completionDistanceMeters).toBeGreaterThan(300);
  });
});
