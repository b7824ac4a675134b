import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  decodeFleetColumns,
  type AlertView,
  type FleetDelta,
  type StopChange,
  type SuggestionView,
  type ViewAck,
} from '@dispatch/shared';
import { withoutEtas } from '../helpers/route-reads';
import { TestServer, eventually, makePings, type ConsoleClient } from '../helpers/test-server';

const BERLIN = { lat: 52.52, lng: 13.405 };
const BERLIN_VIEW: [number, number, number, number] = [13.3, 52.45, 13.5, 52.6];
const PASSWORD = 'Quiet-Harbor-Lantern-7421';

type Route = { version: number; stops: { id: number; orderRef: string }[] };

/** Everything one console heard, by event. */
function listen(socket: ConsoleClient) {
  const heard = {
    fleet: [] as FleetDelta[],
    stops: [] as StopChange[],
    suggestions: [] as SuggestionView[],
    routes: [] as number[],
    alerts: [] as AlertView[],
  };
  socket.on('fleet:delta', (d) => heard.fleet.push(d));
  socket.on('stop:changed', (changes) => heard.stops.push(...changes));
  socket.on('suggestion:changed', (s) => heard.suggestions.push(s));
  socket.on('route:changed', (c) => heard.routes.push(c.courierId));
  socket.on('alert:changed', (a) => heard.alerts.push(a));
  return heard;
}

const fleetIds = (deltas: FleetDelta[]) =>
  deltas.flatMap((d) => decodeFleetColumns(d).map((r) => r.id));

describe('console sessions', () => {
  let server: TestServer;
  let admin: string;

  beforeAll(async () => {
    server = await TestServer.start({}, { testRoutes: true });
    admin = await server.login();
  });
  afterAll(() => server?.stop());

  /** A fresh open alert (one per kind: the same kind and subject would be the same alert). */
  const raiseAlert = async (kind: 'late' | 'late_risk' | 'offline') =>
    (
      await server.request<{ alert: AlertView }>('POST', '/api/v1/test/alerts', {
        cookie: admin,
        body: { kind, severity: 'warning', details: {} },
      })
    ).body.alert;

  const storedAlert = async (id: number) => {
    const listed = await server.request<{ alerts: AlertView[] }>('GET', '/api/v1/alerts', {
      cookie: admin,
    });
    return listed.body.alerts.find((a) => a.id === id);
  };

  it('closes a console when its session signs out, telling it why', async () => {
    const cookie = await server.login();
    const socket = await server.connectConsole(cookie);
    const told = new Promise<void>((resolve) => socket.once('session:ended', () => resolve()));
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const alert = await raiseAlert('late');
    const res = await server.request('POST', '/api/v1/auth/logout', { cookie });
    expect(res.status).toBe(204);
    // Sent before the close lands: refused, or cut off by the close; never applied.
    const ack = await socket
      .timeout(5000)
      .emitWithAck('alert:ack', { alertId: alert.id })
      .catch((err: Error) => ({ cutOff: err.message }));
    expect(ack).not.toMatchObject({ ok: true });
    await told;
    expect(await closed).toBe('io server disconnect');
    expect((await storedAlert(alert.id))?.acknowledgedAt).toBeNull();
    await expect(server.connectConsole(cookie)).rejects.toMatchObject({
      data: { code: 'unauthorized' },
    });
  });

  it("keeps the consoles of the user's other sessions open", async () => {
    const staying = await server.login();
    const leaving = await server.login();
    const socket = await server.connectConsole(staying);
    await server.request('POST', '/api/v1/auth/logout', { cookie: leaving });
    const alert = await raiseAlert('late_risk');
    const ack = await socket.timeout(5000).emitWithAck('alert:ack', { alertId: alert.id });
    expect(ack).toMatchObject({ ok: true, alert: { id: alert.id } });
    expect(socket.connected).toBe(true);
  });

  it('answers an action on a session that ended unauthorized, changes nothing and closes the console', async () => {
    const cookie = await server.login();
    const socket = await server.connectConsole(cookie);
    const closed = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const alert = await raiseAlert('offline');
    // The session ends without a word to the console (it expired): the action finds out.
    await server.app.db.query(`update sessions set expires_at = now() - interval '1 second'`);
    const ack = await socket.timeout(5000).emitWithAck('alert:ack', { alertId: alert.id });
    expect(ack).toMatchObject({ ok: false, error: { code: 'unauthorized' } });
    expect(await closed).toBe('io server disconnect');
    admin = await server.login();
    expect((await storedAlert(alert.id))?.acknowledgedAt).toBeNull();
  });
});

describe('console hub scope', () => {
  let server: TestServer;
  let admin: string;
  let hub1: number;
  let hub2: number;
  let dispatcher2: string;
  let supervisor: string;
  let ana: { id: number; deviceToken: string };
  let ben: { id: number; deviceToken: string };
  let cleo: { id: number; deviceToken: string };
  const day = Date.now();

  const route = async (courierId: number) =>
    withoutEtas(
      (
        await server.request<Route>('GET', `/api/v1/couriers/${courierId}/route`, {
          cookie: admin,
        })
      ).body,
    );

  const addStops = async (hubId: number, courierId: number, refs: string[]) => {
    const res = await server.request<{ ids: number[] }>('POST', '/api/v1/stops', {
      cookie: admin,
      body: {
        stops: refs.map((ref) => ({
          orderRef: ref,
          address: `${ref} street`,
          lat: BERLIN.lat,
          lng: BERLIN.lng,
          windowStart: day,
          windowEnd: day + 3600_000,
          hubId,
          courierId,
        })),
      },
    });
    expect(res.status).toBe(201);
    return res.body.ids;
  };

  const suggest = async (stopIds: number[], toCourierId: number) =>
    (
      await server.request<{ suggestion: SuggestionView }>('POST', '/api/v1/test/suggestions', {
        cookie: admin,
        body: { stopIds, toCourierId, explanation: 'move' },
      })
    ).body.suggestion;

  const signIn = async (role: string, hubId: number | null) => {
    const email = `${role}-${hubId ?? 'all'}@example.com`;
    const res = await server.request('POST', '/api/v1/users', {
      cookie: admin,
      body: { email, name: role, role, password: PASSWORD, hubId },
    });
    expect(res.status).toBe(201);
    return server.login(email, PASSWORD);
  };

  const ping = async (courier: { deviceToken: string }, seq: number) => {
    const device = await server.connectCourier(courier.deviceToken);
    await device
      .timeout(10_000)
      .emitWithAck('pings', { pings: makePings(1, seq, Date.now() - 1000, BERLIN) });
  };

  const watchBerlin = async (cookie: string) => {
    const socket = await server.connectConsole(cookie);
    const heard = listen(socket);
    const view: ViewAck = await socket.timeout(5000).emitWithAck('view', { bounds: BERLIN_VIEW });
    if (!view.ok) throw new Error(view.error.message);
    return { socket, heard, snapshot: decodeFleetColumns(view.snapshot).map((r) => r.id) };
  };

  beforeAll(async () => {
    server = await TestServer.start({}, { testRoutes: true });
    admin = await server.login();
    const hub = async (name: string) =>
      (
        await server.request<{ id: number }>('POST', '/api/v1/hubs', {
          cookie: admin,
          body: { name, lat: BERLIN.lat, lng: BERLIN.lng },
        })
      ).body.id;
    hub1 = await hub('Mitte');
    hub2 = await hub('Kreuzberg');
    dispatcher2 = await signIn('dispatcher', hub2);
    supervisor = await signIn('supervisor', null);
    ana = await server.createCourier(admin, { name: 'Ana', hubId: hub1 });
    ben = await server.createCourier(admin, { name: 'Ben', hubId: hub1 });
    cleo = await server.createCourier(admin, { name: 'Cleo', hubId: hub2 });
    await ping(ana, 1);
    await ping(cleo, 1);
  });
  afterAll(() => server?.stop());

  it("streams a hub's couriers only to consoles that may see the hub", async () => {
    const bound = await watchBerlin(dispatcher2);
    const everyHub = await watchBerlin(supervisor);
    expect(bound.snapshot).toEqual([cleo.id]);
    expect(everyHub.snapshot.sort()).toEqual([ana.id, cleo.id].sort());
    await ping(ana, 2);
    await eventually(() => (fleetIds(everyHub.heard.fleet).includes(ana.id) ? true : undefined));
    // A later move of the bound console's own courier: it comes after anything sent before.
    await ping(cleo, 2);
    await eventually(() => (fleetIds(bound.heard.fleet).includes(cleo.id) ? true : undefined));
    expect(fleetIds(bound.heard.fleet)).not.toContain(ana.id);
  });

  it("pushes a hub's stop, route and suggestion changes only to consoles that may see the hub", async () => {
    const bound = await watchBerlin(dispatcher2);
    const everyHub = await watchBerlin(supervisor);
    const [stop1] = await addStops(hub1, ana.id, ['M-1']);
    const suggestion = await suggest([stop1!], ben.id);
    await eventually(() =>
      everyHub.heard.stops.some((c) => c.id === stop1) &&
      everyHub.heard.suggestions.some((s) => s.id === suggestion.id) &&
      everyHub.heard.routes.includes(ana.id)
        ? true
        : undefined,
    );
    const [stop2] = await addStops(hub2, cleo.id, ['K-1']);
    await eventually(() => (bound.heard.stops.some((c) => c.id === stop2) ? true : undefined));
    expect(bound.heard.stops.map((c) => c.id)).not.toContain(stop1);
    expect(bound.heard.suggestions).toEqual([]);
    expect(bound.heard.routes).not.toContain(ana.id);
  });

  it("answers a console's actions on another hub's alert, suggestion or stop not_found and changes nothing", async () => {
    const { socket } = await watchBerlin(dispatcher2);
    const [stop] = await addStops(hub1, ana.id, ['M-2']);
    const suggestion = await suggest([stop!], ben.id);
    const alert = (
      await server.request<{ alert: AlertView }>('POST', '/api/v1/test/alerts', {
        cookie: admin,
        body: { kind: 'stalled', severity: 'warning', courierId: ana.id, hubId: hub1 },
      })
    ).body.alert;
    const [anaBefore, cleoBefore] = [await route(ana.id), await route(cleo.id)];
    const answers = [
      await socket.timeout(5000).emitWithAck('alert:ack', { alertId: alert.id }),
      await socket.timeout(5000).emitWithAck('suggestion:accept', { suggestionId: suggestion.id }),
      await socket.timeout(5000).emitWithAck('suggestion:reject', { suggestionId: suggestion.id }),
      await socket.timeout(5000).emitWithAck('stop:reassign', {
        stopIds: [stop!],
        toCourierId: cleo.id,
        routeVersions: { [ana.id]: anaBefore.version, [cleo.id]: cleoBefore.version },
      }),
    ];
    for (const answer of answers)
      expect(answer).toMatchObject({ ok: false, error: { code: 'not_found' } });
    expect(await route(ana.id)).toEqual(anaBefore);
    expect(await route(cleo.id)).toEqual(cleoBefore);
    const alerts = await server.request<{ alerts: AlertView[] }>('GET', '/api/v1/alerts', {
      cookie: admin,
    });
    expect(alerts.body.alerts.find((a) => a.id === alert.id)?.acknowledgedAt).toBeNull();
    const open = await server.request<{ suggestions: SuggestionView[] }>(
      'GET',
      '/api/v1/suggestions?status=open',
      { cookie: admin },
    );
    expect(open.body.suggestions.map((s) => s.id)).toContain(suggestion.id);
  });
});
