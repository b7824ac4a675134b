import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertView, Ping } from '@dispatch/shared';
import { TestServer, eventually } from '../helpers/test-server';

const MIN = 60_000;
const HOME = { lat: 52.52, lng: 13.405 };

/** Fixes every 20 s standing at one spot (a few metres of jitter), from `fromMs` to `toMs`. */
function standing(seq0: number, fromMs: number, toMs: number, at = HOME): Ping[] {
  const pings: Ping[] = [];
  for (let t = fromMs, i = 0; t <= toMs; t += 20_000, i++) {
    const jitter = ((i % 3) - 1) * 2e-5;
    pings.push({ seq: seq0 + i, t, lat: at.lat + jitter, lng: at.lng - jitter, acc: 8 });
  }
  return pings;
}

/** Fixes every 5 s driving north at about 11 m/s. */
function driving(seq0: number, fromMs: number, count: number, at = HOME): Ping[] {
  return Array.from({ length: count }, (_, i) => ({
    seq: seq0 + i,
    t: fromMs + i * 5000,
    lat: at.lat + (i + 1) * 5e-4,
    lng: at.lng,
    acc: 5,
    spd: 11,
  }));
}

describe('alert lifecycle through the real server', () => {
  let server: TestServer;
  let admin: string;
  let hubA: number;
  let hubB: number;

  beforeAll(async () => {
    server = await TestServer.start({
      STALL_AFTER_S: 300,
      OFFLINE_AFTER_S: 5,
      DETECT_TICK_MS: 100,
      ESCALATE_AFTER_S: 2,
      // A failed attempt stays failed for a dispatcher (attempts.test.ts covers the policies).
      REATTEMPT_POLICIES: 'off',
    });
    admin = await server.login();
    const hub = async (name: string) =>
      (
        await server.request<{ id: number }>('POST', '/api/v1/hubs', {
          cookie: admin,
          body: { name, lat: HOME.lat, lng: HOME.lng },
        })
      ).body.id;
    hubA = await hub('North');
    hubB = await hub('South');
  });
  afterAll(() => server?.stop());

  async function courierWithWork(name: string, hubId: number) {
    const courier = await server.createCourier(admin, { name, hubId, vehicle: 'car' });
    const res = await server.request('POST', '/api/v1/stops', {
      cookie: admin,
      body: {
        stops: [
          {
            address: `${name}'s first stop`,
            lat: HOME.lat - 0.03,
            lng: HOME.lng,
            windowStart: Date.now(),
            windowEnd: Date.now() + 8 * 3600_000,
            hubId,
            courierId: courier.id,
          },
        ],
      },
    });
    expect(res.status).toBe(201);
    return courier;
  }

  const alertsOf = async (courierId: number, kind: string, status = 'all') =>
    (
      await server.request<{ alerts: AlertView[] }>(
        'GET',
        `/api/v1/alerts?status=${status}&kind=${kind}&courierId=${courierId}`,
        { cookie: admin },
      )
    ).body.alerts;

  async function send(token: string, pings: Ping[]) {
    const device = await server.connectCourier(token);
    const ack = await device.emitWithAck('pings', { pings });
    expect(ack).toMatchObject({ ok: true });
    device.disconnect();
  }

  it('opens a stall, updates it in place, records the acknowledgement and resolves it when the courier drives on', async () => {
    const courier = await courierWithWork('Ana', hubA);
    const now = Date.now();
    await send(courier.deviceToken, standing(1, now - 17 * MIN, now - 11 * MIN));
    const opened = await eventually(
      async () => (await alertsOf(courier.id, 'stalled'))[0],
      5000,
      'a stall alert',
    );
    expect(opened).toMatchObject({ severity: 'warning', courierId: courier.id, hubId: hubA });
    expect(opened.resolvedAt).toBeNull();

    // Still standing ten minutes later: critical now, on the same alert.
    await send(courier.deviceToken, standing(100, now - 11 * MIN + 20_000, now - 60_000));
    const updated = await eventually(
      async () => {
        const [a] = await alertsOf(courier.id, 'stalled');
        return a?.severity === 'critical' ? a : undefined;
      },
      5000,
      'the stall to become critical',
    );
    expect(updated.id).toBe(opened.id);
    expect(await alertsOf(courier.id, 'stalled')).toHaveLength(1);

    const ack = await server.request<{ alert: AlertView }>(
      'POST',
      `/api/v1/alerts/${opened.id}/ack`,
      { cookie: admin },
    );
    expect(ack.status).toBe(200);
    expect(ack.body.alert.acknowledgedAt).not.toBeNull();
    expect(ack.body.alert.acknowledgedBy).not.toBeNull();

    await send(courier.deviceToken, driving(200, now - 40_000, 8));
    const resolved = await eventually(
      async () => {
        const [a] = await alertsOf(courier.id, 'stalled');
        return a?.resolvedAt ? a : undefined;
      },
      5000,
      'the stall to resolve',
    );
    expect(resolved.id).toBe(opened.id);
    expect(resolved.details.from).toBeLessThanOrEqual(now - 16 * MIN);
    expect(resolved.details.to).toBeGreaterThanOrEqual(now - 70_000);
    expect(resolved.acknowledgedAt).toBe(ack.body.alert.acknowledgedAt);
  });

  it('goes offline by the server clock, escalates to supervisors when nobody acknowledges, and resolves on the next ping', async () => {
    const supervisor = { email: 'sup@example.com', password: 'supervisor-pass' };
    await server.request('POST', '/api/v1/users', {
      cookie: admin,
      body: { ...supervisor, name: 'Sam', role: 'supervisor', hubId: hubA },
    });
    const supervisorConsole = await server.connectConsole(
      await server.login(supervisor.email, supervisor.password),
    );
    const escalations: AlertView[] = [];
    supervisorConsole.on('alert:changed', (a) => {
      if (a.escalatedAt !== null) escalations.push(a);
    });

    const courier = await courierWithWork('Ben', hubA);
    await send(courier.deviceToken, driving(1, Date.now() - 10_000, 2));
    const offline = await eventually(
      async () => (await alertsOf(courier.id, 'offline', 'open'))[0],
      15_000,
      'an offline alert',
    );
    expect(offline.details).toMatchObject({ lastReceivedAt: expect.any(Number) });
    const escalated = await eventually(
      () => escalations.find((a) => a.id === offline.id),
      10_000,
      'the escalation to reach the supervisor',
    );
    expect(escalated.escalatedAt).toBeGreaterThanOrEqual(offline.openedAt + 2000);

    await send(courier.deviceToken, driving(10, Date.now() - 1000, 1));
    await eventually(
      async () => (await alertsOf(courier.id, 'offline', 'resolved'))[0],
      5000,
      'the offline alert to resolve',
    );
    expect(await alertsOf(courier.id, 'offline', 'open')).toHaveLength(0);
  });

  it("tells a hub's dispatchers about its alerts and not another hub's", async () => {
    const dispatcher = { email: 'south@example.com', password: 'dispatcher-pass' };
    await server.request('POST', '/api/v1/users', {
      cookie: admin,
      body: { ...dispatcher, name: 'Dee', role: 'dispatcher', hubId: hubB },
    });
    const south = await server.connectConsole(
      await server.login(dispatcher.email, dispatcher.password),
    );
    const heard: AlertView[] = [];
    south.on('alert:changed', (a) => heard.push(a));
    const north = await courierWithWork('Cy', hubA);
    const southCourier = await courierWithWork('Di', hubB);
    const now = Date.now();
    await send(north.deviceToken, standing(1, now - 7 * MIN, now - 60_000));
    await send(southCourier.deviceToken, standing(1, now - 7 * MIN, now - 60_000));
    await eventually(
      () => heard.find((a) => a.kind === 'stalled' && a.courierId === southCourier.id),
      5000,
      "the south hub's stall",
    );
    await eventually(
      async () => (await alertsOf(north.id, 'stalled'))[0],
      5000,
      "the north hub's stall",
    );
    await server.app.detection.settled();
    expect(heard.filter((a) => a.courierId === north.id)).toEqual([]);
  });

  it('raises a failed attempt with its reason, for the hub of the stop', async () => {
    const courier = await courierWithWork('Fay', hubA);
    const route = await server.request<{ stops: { id: number }[] }>(
      'GET',
      `/api/v1/couriers/${courier.id}/route`,
      { cookie: admin },
    );
    const stopId = route.body.stops[0]!.id;
    const device = await server.connectCourier(courier.deviceToken);
    expect(await device.emitWithAck('stop:arrived', { stopId })).toEqual({ ok: true });
    expect(
      await device.emitWithAck('stop:failed', { stopId, reason: 'recipient not home' }),
    ).toEqual({ ok: true });
    device.disconnect();
    const failed = await eventually(
      async () =>
        (
          await server.request<{ alerts: AlertView[] }>(
            'GET',
            '/api/v1/alerts?status=open&kind=failed_attempt',
            { cookie: admin },
          )
        ).body.alerts.find((a) => a.stopId === stopId),
      5000,
      'a failed-attempt alert',
    );
    expect(failed).toMatchObject({
      courierId: courier.id,
      hubId: hubA,
      details: { reason: 'recipient not home', attempts: 1 },
    });
  });

  it("lets a supervisor change their hub's on-time target and auto-dispatch, and not a dispatcher", async () => {
    const supervisor = await server.login('sup@example.com', 'supervisor-pass');
    const changed = await server.request<{ onTimeTarget: number; autoDispatch: boolean }>(
      'PATCH',
      `/api/v1/hubs/${hubA}`,
      { cookie: supervisor, body: { onTimeTarget: 0.9, autoDispatch: true } },
    );
    expect(changed).toMatchObject({ status: 200, body: { onTimeTarget: 0.9, autoDispatch: true } });
    const elsewhere = await server.request('PATCH', `/api/v1/hubs/${hubB}`, {
      cookie: supervisor,
      body: { autoDispatch: true },
    });
    expect(elsewhere).toMatchObject({ status: 404, body: { code: 'not_found' } });
    const dispatcher = await server.login('south@example.com', 'dispatcher-pass');
    const refused = await server.request('PATCH', `/api/v1/hubs/${hubB}`, {
      cookie: dispatcher,
      body: { autoDispatch: false },
    });
    expect(refused.status).toBe(403);
    const empty = await server.request('PATCH', `/api/v1/hubs/${hubA}`, {
      cookie: supervisor,
      body: {},
    });
    expect(empty.status).toBe(400);
    const restored = await server.request('PATCH', `/api/v1/hubs/${hubA}`, {
      cookie: supervisor,
      body: { autoDispatch: false },
    });
    expect(restored.status).toBe(200);
  });

  it('keeps open alerts open across a restart', async () => {
    const courier = await courierWithWork('Eve', hubA);
    const now = Date.now();
    await send(courier.deviceToken, standing(1, now - 8 * MIN, now - 30_000));
    const before = await eventually(
      async () => (await alertsOf(courier.id, 'stalled', 'open'))[0],
      5000,
      'a stall alert',
    );
    await server.restart({ samePorts: true });
    admin = await server.login();
    // Several ticks after the restart the stall is still there, as the same alert.
    const restartedAt = Date.now();
    await eventually(
      () => (server.app.detection.lastTick > restartedAt + 500 ? true : undefined),
      5000,
      'ticks after the restart',
    );
    await server.app.detection.settled();
    const after = await alertsOf(courier.id, 'stalled', 'open');
    expect(after.map((a) => a.id)).toEqual([before.id]);
  });
});
