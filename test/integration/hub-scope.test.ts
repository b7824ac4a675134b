import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer, eventually } from '../helpers/test-server';

const day = Date.UTC(2026, 10, 27);
const stop = (ref: string, extra: Record<string, unknown> = {}) => ({
  orderRef: ref,
  address: `Rua ${ref}, Campo Grande`,
  lat: -20.46,
  lng: -54.61,
  windowStart: new Date(day + 9 * 3600_000).toISOString(),
  windowEnd: new Date(day + 11 * 3600_000).toISOString(),
  ...extra,
});

const SOUTH = { email: 'south.dispatcher@example.com', password: 'south-dispatcher-pass-2026' };

/**
 * A dispatcher bound to one hub (south) against another hub's (north) stops, couriers, alerts
 * and suggestions: lists leave them out, and everything asked of them by id answers 404 as if
 * they did not exist, changing nothing.
 */
describe('a user bound to a hub works on that hub only', () => {
  let server: TestServer;
  let admin: string;
  let south: string;
  let northHub: number;
  let southHub: number;
  let northCourier: number;
  let southCourier: number;
  let openStop: number;
  let routeStop: number;
  let alertId: number;
  let suggestionId: number;

  const northState = async () => {
    const [stops] = await server.app.db.query<{ n: number; open: number; on_route: number }>(
      `select count(*)::int as n,
              count(*) filter (where id = $2 and status = 'unassigned' and courier_id is null)::int as open,
              count(*) filter (where id = $3 and courier_id = $4)::int as on_route
       from stops where hub_id = $1`,
      [northHub, openStop, routeStop, northCourier],
    );
    const [courier] = await server.app.db.query<{ route_version: number }>(
      'select route_version from couriers where id = $1',
      [northCourier],
    );
    const [alert] = await server.app.db.query<{ acknowledged_at: Date | null }>(
      'select acknowledged_at from alerts where id = $1',
      [alertId],
    );
    const [suggestion] = await server.app.db.query<{ status: string }>(
      'select status from suggestions where id = $1',
      [suggestionId],
    );
    return {
      stops: stops!,
      routeVersion: courier!.route_version,
      acknowledgedAt: alert!.acknowledged_at,
      suggestion: suggestion!.status,
    };
  };

  beforeAll(async () => {
    server = await TestServer.start();
    admin = await server.login();
    const hub = async (name: string, lat: number) =>
      (
        await server.request<{ id: number }>('POST', '/api/v1/hubs', {
          cookie: admin,
          body: { name, lat, lng: -54.61 },
        })
      ).body.id;
    northHub = await hub('North', -20.4);
    southHub = await hub('South', -20.5);
    northCourier = (await server.createCourier(admin, { name: 'Nina', hubId: northHub })).id;
    southCourier = (await server.createCourier(admin, { name: 'Sam', hubId: southHub })).id;
    const imported = await server.request<{ ids: number[] }>(
      'POST',
      `/api/v1/stops?hubId=${northHub}`,
      {
        cookie: admin,
        body: { stops: [stop('N-1'), stop('N-2', { courierId: northCourier })] },
      },
    );
    expect(imported.status).toBe(201);
    [openStop, routeStop] = imported.body.ids as [number, number];
    const alert = await server.app.alerts.raise(
      'stalled',
      { courierId: northCourier, hubId: northHub },
      'warning',
      {},
      { type: 'system' },
    );
    alertId = alert.id;
    const [version] = await server.app.stops.routeVersions([northCourier]);
    const suggestion = await server.app.suggestions.create(
      {
        kind: 'reassign',
        stopIds: [openStop],
        fromCourierId: null,
        toCourierId: northCourier,
        fromRouteVersion: null,
        toRouteVersion: version!.version,
        insertPosition: null,
        score: 1,
        explanation: 'closest courier',
      },
      { type: 'system' },
    );
    suggestionId = suggestion.id;
    const created = await server.request('POST', '/api/v1/users', {
      cookie: admin,
      body: { ...SOUTH, name: 'Sul', role: 'dispatcher', hubId: southHub },
    });
    expect(created.status).toBe(201);
    south = await server.login(SOUTH.email, SOUTH.password);
  });
  afterAll(() => server?.stop());

  const as = <T = Record<string, unknown>>(method: string, path: string, body?: unknown) =>
    server.request<T>(method, path, { cookie: south, ...(body === undefined ? {} : { body }) });

  it("leaves another hub's stops, couriers, alerts and suggestions out of lists", async () => {
    const stops = await as<{ stops: { id: number }[] }>('GET', '/api/v1/stops');
    expect(stops.status).toBe(200);
    expect(stops.body.stops.map((s) => s.id)).not.toContain(openStop);
    expect(stops.body.stops.map((s) => s.id)).not.toContain(routeStop);
    const couriers = await as<{ couriers: { id: number }[] }>('GET', '/api/v1/couriers');
    expect(couriers.body.couriers.map((c) => c.id)).toEqual([southCourier]);
    const alerts = await as<{ alerts: { id: number }[] }>('GET', '/api/v1/alerts?status=all');
    expect(alerts.status).toBe(200);
    expect(alerts.body.alerts.map((a) => a.id)).not.toContain(alertId);
    const suggestions = await as<{ suggestions: { id: number }[] }>(
      'GET',
      '/api/v1/suggestions?status=all',
    );
    expect(suggestions.status).toBe(200);
    expect(suggestions.body.suggestions.map((s) => s.id)).not.toContain(suggestionId);
    const hubs = await as<{ hubs: { id: number }[] }>('GET', '/api/v1/hubs');
    expect(hubs.body.hubs.map((h) => h.id)).toEqual([southHub]);
  });

  it("answers 404 for another hub's list, stop and courier by id", async () => {
    const asked = [
      await as('GET', `/api/v1/stops?hubId=${northHub}`),
      await as('GET', `/api/v1/couriers?hubId=${northHub}`),
      await as('GET', `/api/v1/stops/${openStop}`),
      await as('GET', `/api/v1/couriers/${northCourier}`),
      await as('GET', `/api/v1/couriers/${northCourier}/route`),
    ];
    for (const res of asked)
      expect(res).toMatchObject({ status: 404, body: { code: 'not_found' } });
  });

  it("refuses every change to another hub's work with 404, and nothing changes", async () => {
    const before = await northState();
    const tries = [
      await as('POST', '/api/v1/stops/reassign', {
        stopIds: [openStop],
        toCourierId: northCourier,
        routeVersions: { [northCourier]: before.routeVersion },
      }),
      await as('POST', '/api/v1/stops/reassign', {
        stopIds: [routeStop],
        toCourierId: southCourier,
        routeVersions: { [northCourier]: before.routeVersion, [southCourier]: 0 },
      }),
      await as('POST', `/api/v1/stops?hubId=${northHub}`, { stops: [stop('S-X')] }),
      await as('POST', '/api/v1/stops', { stops: [stop('S-Y', { hubId: northHub })] }),
      await as('POST', `/api/v1/hubs/${northHub}/plan`, {}),
      await as('POST', `/api/v1/alerts/${alertId}/ack`),
      await as('POST', `/api/v1/suggestions/${suggestionId}/accept`),
      await as('POST', `/api/v1/suggestions/${suggestionId}/reject`),
      await as('PATCH', `/api/v1/stops/${openStop}`, { address: 'Elsewhere' }),
      await as('POST', `/api/v1/stops/${openStop}/cancel`),
    ];
    for (const res of tries)
      expect(res).toMatchObject({ status: 404, body: { code: 'not_found' } });
    expect(await northState()).toEqual(before);
  });

  it('records each refusal as a security event naming the user', async () => {
    const [user] = await server.app.db.query<{ id: number }>(
      'select id from users where email = $1',
      [SOUTH.email],
    );
    const count = async () =>
      (
        await server.app.db.query<{ n: number }>(
          `select count(*)::int as n from events
           where kind = 'scope.cross_hub_refused' and actor_id = $1 and hub_id = $2`,
          [user!.id, northHub],
        )
      )[0]!.n;
    const seen = await count();
    await as('POST', `/api/v1/alerts/${alertId}/ack`);
    await eventually(async () => ((await count()) > seen ? true : undefined), 5000, 'the event');
  });

  it("imports into the user's own hub when no hub is named", async () => {
    const imported = await as<{ ids: number[] }>('POST', '/api/v1/stops', {
      stops: [stop('S-1')],
    });
    expect(imported.status).toBe(201);
    const [row] = await server.app.db.query<{ hub_id: number }>(
      'select hub_id from stops where id = $1',
      [imported.body.ids[0]],
    );
    expect(row!.hub_id).toBe(southHub);
    const listed = await as<{ stops: { id: number }[] }>('GET', '/api/v1/stops');
    expect(listed.body.stops.map((s) => s.id)).toContain(imported.body.ids[0]);
  });
});
