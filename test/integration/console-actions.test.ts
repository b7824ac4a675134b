import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AlertView, RoutePayload, SuggestionView } from '@dispatch/shared';
import { TestServer, eventually, makePings } from '../helpers/test-server';

type Route = { version: number; stops: { id: number; seq: number; orderRef: string }[] };

describe('console actions: alerts, suggestions and reassignment', () => {
  let server: TestServer;
  let cookie: string;
  let ana: { id: number; deviceToken: string };
  let ben: { id: number; deviceToken: string };
  const day = Date.now();

  const route = async (courierId: number) =>
    (await server.request<Route>('GET', `/api/v1/couriers/${courierId}/route`, { cookie })).body;
  const refs = (r: Route) => r.stops.map((s) => s.orderRef);

  beforeAll(async () => {
    server = await TestServer.start({}, { testRoutes: true });
    cookie = await server.login();
    ana = await server.createCourier(cookie, { name: 'Ana' });
    ben = await server.createCourier(cookie, { name: 'Ben' });
    const stop = (ref: string, courierId: number) => ({
      orderRef: ref,
      address: `${ref} street`,
      lat: 52.5,
      lng: 13.4,
      windowStart: day,
      windowEnd: day + 3600_000,
      courierId,
    });
    const res = await server.request('POST', '/api/v1/stops', {
      cookie,
      body: {
        stops: [
          stop('A1', ana.id),
          stop('A2', ana.id),
          stop('A3', ana.id),
          stop('B1', ben.id),
          stop('B2', ben.id),
        ],
      },
    });
    expect(res.status).toBe(201);
  });
  afterAll(() => server?.stop());

  it('moves a stop by hand with the versions seen, renumbers both routes and tells devices and consoles', async () => {
    const consoleSocket = await server.connectConsole(cookie);
    const routeChanges: { courierId: number; version: number }[] = [];
    consoleSocket.on('route:changed', (c) => routeChanges.push(c));
    const benDevice = await server.connectCourier(ben.deviceToken);
    const pushed: RoutePayload[] = [];
    benDevice.on('route:updated', (r) => pushed.push(r));
    const [a, b] = [await route(ana.id), await route(ben.id)];
    const a2 = a.stops[1]!;
    const res = await server.request<{ result: { routeVersions: Record<string, number> } }>(
      'POST',
      '/api/v1/stops/reassign',
      {
        cookie,
        body: {
          stopIds: [a2.id],
          toCourierId: ben.id,
          position: 1,
          routeVersions: { [ana.id]: a.version, [ben.id]: b.version },
        },
      },
    );
    expect(res.status).toBe(200);
    expect(res.body.result.routeVersions).toEqual({
      [ana.id]: a.version + 1,
      [ben.id]: b.version + 1,
    });
    const [a2nd, b2nd] = [await route(ana.id), await route(ben.id)];
    expect(refs(a2nd)).toEqual(['A1', 'A3']);
    expect(a2nd.stops.map((s) => s.seq)).toEqual([1, 2]);
    expect(refs(b2nd)).toEqual(['A2', 'B1', 'B2']);
    const devicePush = await eventually(() => pushed.find((r) => r.version === b.version + 1));
    expect(devicePush.stops.map((s) => s.orderRef)).toEqual(['A2', 'B1', 'B2']);
    await eventually(() =>
      routeChanges.some((c) => c.courierId === ana.id) &&
      routeChanges.some((c) => c.courierId === ben.id)
        ? true
        : undefined,
    );
  });

  it('refuses a reassignment against a stale version with conflict and changes nothing', async () => {
    const [a, b] = [await route(ana.id), await route(ben.id)];
    const res = await server.request<{ code: string; message: string }>(
      'POST',
      '/api/v1/stops/reassign',
      {
        cookie,
        body: {
          stopIds: [a.stops[0]!.id],
          toCourierId: ben.id,
          routeVersions: { [ana.id]: a.version - 1, [ben.id]: b.version },
        },
      },
    );
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({ code: 'conflict' });
    expect(res.body.message).toMatch(/Ana's route changed/);
    expect(await route(ana.id)).toEqual(a);
    expect(await route(ben.id)).toEqual(b);
  });

  it('pushes an injected suggestion and applies it when accepted over the socket', async () => {
    const consoleSocket = await server.connectConsole(cookie);
    const seen: SuggestionView[] = [];
    consoleSocket.on('suggestion:changed', (s) => seen.push(s));
    const a = await route(ana.id);
    const made = await server.request<{ suggestion: SuggestionView }>(
      'POST',
      '/api/v1/test/suggestions',
      {
        cookie,
        body: {
          stopIds: [a.stops[0]!.id],
          toCourierId: ben.id,
          explanation: 'Move #A1 from Ana to Ben',
        },
      },
    );
    expect(made.status).toBe(201);
    await eventually(() => seen.find((s) => s.id === made.body.suggestion.id));
    const listed = await server.request<{ suggestions: SuggestionView[] }>(
      'GET',
      '/api/v1/suggestions?status=open',
      { cookie },
    );
    expect(listed.body.suggestions.map((s) => s.id)).toContain(made.body.suggestion.id);
    const ack = await consoleSocket
      .timeout(10_000)
      .emitWithAck('suggestion:accept', { suggestionId: made.body.suggestion.id });
    expect(ack).toMatchObject({ ok: true, result: { movedStopIds: [a.stops[0]!.id] } });
    expect(refs(await route(ben.id))).toContain('A1');
    await eventually(() =>
      seen.find((s) => s.id === made.body.suggestion.id && s.status === 'accepted'),
    );
  });

  it('answers conflict when the route changed underneath a suggestion, and expires it', async () => {
    const a = await route(ana.id);
    const made = await server.request<{ suggestion: SuggestionView }>(
      'POST',
      '/api/v1/test/suggestions',
      {
        cookie,
        body: { stopIds: [a.stops[0]!.id], toCourierId: ben.id, explanation: 'Move #A3 to Ben' },
      },
    );
    // A new order lands on Ben's route first. (A move would withdraw the suggestion at once.)
    const landed = await server.request('POST', '/api/v1/stops', {
      cookie,
      body: {
        stops: [
          {
            orderRef: 'B9',
            address: 'B9 street',
            lat: 52.5,
            lng: 13.4,
            windowStart: day,
            windowEnd: day + 3600_000,
            courierId: ben.id,
          },
        ],
      },
    });
    expect(landed.status).toBe(201);
    const res = await server.request(
      'POST',
      `/api/v1/suggestions/${made.body.suggestion.id}/accept`,
      { cookie },
    );
    expect(res).toMatchObject({ status: 409, body: { code: 'conflict' } });
    const all = await server.request<{ suggestions: SuggestionView[] }>(
      'GET',
      '/api/v1/suggestions?status=all',
      { cookie },
    );
    expect(all.body.suggestions.find((s) => s.id === made.body.suggestion.id)?.status).toBe(
      'expired',
    );
  });

  it('applies exactly one of two conflicting suggestions accepted at once', async () => {
    const a = await route(ana.id);
    const stopId = a.stops[0]!.id;
    const make = async () =>
      (
        await server.request<{ suggestion: SuggestionView }>('POST', '/api/v1/test/suggestions', {
          cookie,
          body: { stopIds: [stopId], toCourierId: ben.id, explanation: 'race' },
        })
      ).body.suggestion.id;
    const [s1, s2] = [await make(), await make()];
    const second = await server.login();
    const results = await Promise.all([
      server.request('POST', `/api/v1/suggestions/${s1}/accept`, { cookie }),
      server.request('POST', `/api/v1/suggestions/${s2}/accept`, { cookie: second }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect((await route(ben.id)).stops.filter((s) => s.id === stopId)).toHaveLength(1);
  });

  it('pushes alerts, keeps one open alert per kind and subject, and records who acknowledged', async () => {
    const consoleSocket = await server.connectConsole(cookie);
    const seen: AlertView[] = [];
    consoleSocket.on('alert:changed', (a) => seen.push(a));
    const raise = (severity: string) =>
      server.request<{ alert: AlertView }>('POST', '/api/v1/test/alerts', {
        cookie,
        body: { kind: 'stalled', severity, courierId: ana.id, details: { minutes: 7 } },
      });
    const first = (await raise('warning')).body.alert;
    const again = (await raise('critical')).body.alert;
    expect(again.id).toBe(first.id);
    expect(again.severity).toBe('critical');
    await eventually(() => seen.find((a) => a.id === first.id));
    const ack = await consoleSocket.timeout(5000).emitWithAck('alert:ack', { alertId: first.id });
    expect(ack).toMatchObject({ ok: true, alert: { id: first.id } });
    const listed = await server.request<{ alerts: AlertView[] }>(
      'GET',
      `/api/v1/alerts?status=open&courierId=${ana.id}`,
      { cookie },
    );
    expect(listed.body.alerts).toHaveLength(1);
    expect(listed.body.alerts[0]!.acknowledgedAt).toBeGreaterThan(0);
    expect(listed.body.alerts[0]!.acknowledgedBy).toBeGreaterThan(0);
    const bad = await consoleSocket
      .timeout(5000)
      .emitWithAck('alert:ack', { alertId: 'x' } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it("serves a courier's recent trail and the console configuration", async () => {
    const device = await server.connectCourier(ana.deviceToken);
    await device
      .timeout(10_000)
      .emitWithAck('pings', { pings: makePings(5, 1, Date.now() - 10_000) });
    const trail = await server.request<{ points: { t: number }[] }>(
      'GET',
      `/api/v1/couriers/${ana.id}/trail?minutes=30`,
      { cookie },
    );
    expect(trail.body.points).toHaveLength(5);
    expect(trail.body.points.map((p) => p.t)).toEqual(
      [...trail.body.points.map((p) => p.t)].sort((x, y) => x - y),
    );
    const config = await server.request('GET', '/api/v1/config', { cookie });
    expect(config).toMatchObject({
      status: 200,
      body: { mapStyleUrl: null, streetsUrl: null, tickMs: 100 },
    });
  });
});

describe('test routes', () => {
  it('do not exist unless enabled', async () => {
    const server = await TestServer.start();
    try {
      const cookie = await server.login();
      const res = await server.request('POST', '/api/v1/test/alerts', {
        cookie,
        body: { kind: 'late', severity: 'info' },
      });
      expect(res.status).toBe(404);
    } finally {
      await server.stop();
    }
  });
});
