import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KpiSnapshot, StopChange } from '@dispatch/shared';
import { TestServer, eventually } from '../helpers/test-server';

describe('stop visits reported by couriers, and the supervisor KPIs built from them', () => {
  let server: TestServer;
  let admin: string;
  let courier: { id: number; deviceToken: string };
  let other: { id: number; deviceToken: string };
  let stopIds: number[];
  let hubId: number;
  const now = Date.now();

  beforeAll(async () => {
    // A failed attempt stays failed (attempts.test.ts covers the hubs' re-attempt policies).
    server = await TestServer.start({ REATTEMPT_POLICIES: 'off' });
    admin = await server.login();
    hubId = (
      await server.request<{ id: number }>('POST', '/api/v1/hubs', {
        cookie: admin,
        body: { name: 'North', lat: 52.5, lng: 13.4 },
      })
    ).body.id;
    courier = await server.createCourier(admin, { hubId });
    other = await server.createCourier(admin, { hubId });
    const stop = (ref: string, windowEndOffsetMs: number) => ({
      orderRef: ref,
      address: ref,
      lat: 52.5,
      lng: 13.4,
      hubId,
      courierId: courier.id,
      windowStart: now - 3 * 3600_000,
      windowEnd: now + windowEndOffsetMs,
    });
    const res = await server.request<{ ids: number[] }>('POST', '/api/v1/stops', {
      cookie: admin,
      // on time, delivered late (window already over), failed, late and still open, due soon
      body: {
        stops: [
          stop('V1', 3600_000),
          stop('V2', -3600_000),
          stop('V3', 3600_000),
          stop('V4', -1800_000),
          stop('V5', 5 * 60_000),
        ],
      },
    });
    stopIds = res.body.ids;
    await server.request('POST', '/api/v1/users', {
      cookie: admin,
      body: {
        email: 'sup@example.com',
        name: 'Sue',
        role: 'supervisor',
        password: 'supervisor-pw',
      },
    });
    await server.request('POST', '/api/v1/users', {
      cookie: admin,
      body: {
        email: 'dis@example.com',
        name: 'Dan',
        role: 'dispatcher',
        password: 'dispatcher-pw',
      },
    });
  });
  afterAll(() => server?.stop());

  it('records arrival and delivery, tells consoles, and refuses what a courier may not report', async () => {
    const consoleSocket = await server.connectConsole(admin);
    const changes: StopChange[] = [];
    consoleSocket.on('stop:changed', (c) => changes.push(...c));
    const device = await server.connectCourier(courier.deviceToken);
    const stranger = await server.connectCourier(other.deviceToken);
    const [v1, v2, v3] = stopIds as [number, number, number];
    expect(
      await device
        .timeout(5000)
        .emitWithAck('stop:arrived', { stopId: v1, t: Date.now() - 60_000 }),
    ).toEqual({ ok: true });
    expect(await device.timeout(5000).emitWithAck('stop:delivered', { stopId: v1 })).toEqual({
      ok: true,
    });
    expect(await device.timeout(5000).emitWithAck('stop:delivered', { stopId: v2 })).toEqual({
      ok: true,
    });
    expect(await device.timeout(5000).emitWithAck('stop:failed', { stopId: v3 })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(
      await device
        .timeout(5000)
        .emitWithAck('stop:failed', { stopId: v3, reason: 'recipient not home' }),
    ).toEqual({ ok: true });
    expect(await device.timeout(5000).emitWithAck('stop:delivered', { stopId: v1 })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    expect(
      await stranger.timeout(5000).emitWithAck('stop:delivered', { stopId: stopIds[3]! }),
    ).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    await eventually(() =>
      changes.some((c) => c.id === v1 && c.status === 'delivered') ? true : undefined,
    );
    const stored = await server.app.db.query<{
      id: number;
      status: string;
      attempts: number;
      failure_reason: string | null;
    }>(
      'select id, status, attempts, failure_reason from stops where id = any($1::int[]) order by id',
      [`{${v1},${v3}}`],
    );
    expect(stored).toEqual([
      { id: v1, status: 'delivered', attempts: 1, failure_reason: null },
      { id: v3, status: 'failed', attempts: 1, failure_reason: 'recipient not home' },
    ]);
    const route = await server.request<{ stops: { id: number }[] }>(
      'GET',
      `/api/v1/couriers/${courier.id}/route`,
      { cookie: admin },
    );
    expect(route.body.stops.map((s) => s.id)).toEqual([stopIds[3], stopIds[4]]);
  });

  it('computes on-time rate, late and at-risk counts per hub for supervisors only', async () => {
    const supervisor = await server.login('sup@example.com', 'supervisor-pw');
    const res = await server.request<KpiSnapshot>('GET', '/api/v1/kpi', { cookie: supervisor });
    expect(res.status).toBe(200);
    const hub = res.body.hubs.find((h) => h.hubId === hubId)!;
    expect(hub).toMatchObject({ delivered: 2, onTime: 1, late: 1, atRisk: 1, open: 2 });
    const delivered = res.body.onTimeByHour.reduce((n, h) => n + h.delivered, 0);
    expect(delivered).toBe(2);
    const dispatcher = await server.login('dis@example.com', 'dispatcher-pw');
    expect((await server.request('GET', '/api/v1/kpi', { cookie: dispatcher })).status).toBe(403);
  });

  it('pushes KPIs to a supervisor console and not to a dispatcher', async () => {
    const supervisorConsole = await server.connectConsole(
      await server.login('sup@example.com', 'supervisor-pw'),
    );
    const dispatcherConsole = await server.connectConsole(
      await server.login('dis@example.com', 'dispatcher-pw'),
    );
    let dispatcherGotKpi = false;
    dispatcherConsole.on('kpi', () => (dispatcherGotKpi = true));
    const snapshots: KpiSnapshot[] = [];
    supervisorConsole.on('kpi', (k) => snapshots.push(k));
    await server.connectConsole(await server.login('sup@example.com', 'supervisor-pw'));
    await eventually(() => snapshots[0]);
    expect(dispatcherGotKpi).toBe(false);
  });
});
