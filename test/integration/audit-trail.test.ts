import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECURITY_EVENT_KINDS, type AuditEvent, type AuditPage } from '@dispatch/shared';
import { appendEvents } from '../../server/src/events/event-log';
import { TestServer, eventually } from '../helpers/test-server';

const HOUR = 3_600_000;
/** Meets the password policy: long, common in no list, naming no one's email. */
const PASSWORD = 'quiet harbor lamps 47';
const HOME = { lat: -23.55, lng: -46.63 };

describe('the audit trail (GET /api/v1/events)', () => {
  let server: TestServer;
  let admin: string;
  let adminId: number;
  let north: number;
  let south: number;
  let ana: number;
  let stopId: number;
  const cookies: Record<'northSupervisor' | 'southSupervisor' | 'dispatcher', string> = {
    northSupervisor: '',
    southSupervisor: '',
    dispatcher: '',
  };

  const events = (query: string, cookie = admin) =>
    server.request<AuditPage & { code?: string }>('GET', `/api/v1/events?${query}`, { cookie });
  const kinds = (list: readonly AuditEvent[]) => list.map((e) => e.kind);

  beforeAll(async () => {
    server = await TestServer.start();
    admin = await server.login();
    adminId = (
      await server.request<{ user: { id: number } }>('GET', '/api/v1/auth/me', {
        cookie: admin,
      })
    ).body.user.id;
    const hub = (name: string) =>
      server
        .request<{ id: number }>('POST', '/api/v1/hubs', {
          cookie: admin,
          body: { name, ...HOME, timezone: 'America/Sao_Paulo' },
        })
        .then((r) => r.body.id);
    north = await hub('North');
    south = await hub('South');
    const users = [
      ['northSupervisor', 'sup-north@example.com', 'supervisor', north],
      ['southSupervisor', 'sup-south@example.com', 'supervisor', south],
      ['dispatcher', 'disp@example.com', 'dispatcher', null],
    ] as const;
    for (const [key, email, role, hubId] of users) {
      const created = await server.request('POST', '/api/v1/users', {
        cookie: admin,
        body: { email, name: email, role, password: PASSWORD, hubId },
      });
      expect(created.status).toBe(201);
      cookies[key] = await server.login(email, PASSWORD);
    }
    ana = (await server.createCourier(admin, { name: 'Ana', hubId: north })).id;
    const now = Date.now();
    const imported = await server.request<{ ids: number[] }>('POST', '/api/v1/stops', {
      cookie: admin,
      body: {
        stops: [
          {
            orderRef: 'R-1042',
            address: '12 Rua Augusta',
            ...HOME,
            windowStart: now,
            windowEnd: now + 4 * HOUR,
            hubId: north,
          },
        ],
      },
    });
    expect(imported.status).toBe(201);
    stopId = imported.body.ids[0]!;
    const moved = await server.request('POST', '/api/v1/stops/reassign', {
      cookie: admin,
      body: { stopIds: [stopId], toCourierId: ana, routeVersions: { [ana]: 0 } },
    });
    expect(moved.status).toBe(200);
    // An event recorded without its hub: the hub is found through its stop.
    await appendEvents(server.app.db.orm, { type: 'system' }, [
      { kind: 'stop.updated', subjectType: 'stop', subjectId: stopId, data: { note: 'checked' } },
    ]);
    // Two failed sign-ins, of no hub.
    for (let i = 0; i < 2; i++) {
      const refused = await server.request('POST', '/api/v1/auth/login', {
        body: { email: 'x@y.example', password: 'not the password' },
      });
      expect(refused.status).toBe(401);
    }
    await eventually(
      async () => {
        const failed = (await events('kind=auth.login_failed')).body.events;
        return failed.filter((e) => e.data.email === 'x@y.example').length === 2 || undefined;
      },
      5000,
      'the failed sign-ins to be recorded',
    );
  });
  afterAll(async () => {
    await server?.stop();
  });

  it('is for admins and supervisors: dispatchers are refused, strangers asked to sign in', async () => {
    expect((await events('')).status).toBe(200);
    expect((await events('', cookies.northSupervisor)).status).toBe(200);
    expect((await events('', cookies.dispatcher)).body).toMatchObject({ code: 'forbidden' });
    expect((await events('', cookies.dispatcher)).status).toBe(403);
    const stranger = await server.request('GET', '/api/v1/events');
    expect(stranger.status).toBe(401);
  });

  it('says who moved which stop to whom, with names', async () => {
    const res = await events(`kind=stop.reassigned&subjectType=stop&subjectId=${stopId}`);
    expect(res.status).toBe(200);
    const [move] = res.body.events;
    expect(res.body.events).toHaveLength(1);
    expect(move).toMatchObject({
      kind: 'stop.reassigned',
      actor: { type: 'user', id: adminId },
      subject: { type: 'stop', id: stopId, label: 'R-1042', detail: '12 Rua Augusta' },
      hubId: north,
      hubName: 'North',
      data: { from: null, to: ana },
    });
    expect(move!.actor.name).toEqual(expect.any(String));
    expect(res.body.couriers).toEqual({ [String(ana)]: 'Ana' });
  });

  it('records the hub of a stop move with the event', async () => {
    const rows = await server.app.db.query<{ hub_id: number | null }>(
      `select hub_id from events where kind = 'stop.reassigned' and subject_id = $1`,
      [stopId],
    );
    expect(rows).toEqual([{ hub_id: north }]);
  });

  it('filters by an exact kind or a kind prefix', async () => {
    const exact = (await events('kind=courier.created')).body.events;
    expect(kinds(exact)).toEqual(['courier.created']);
    const stops = (await events('kind=stop.')).body.events;
    expect(new Set(kinds(stops))).toEqual(
      new Set(['stop.created', 'stop.reassigned', 'stop.updated']),
    );
    const both = (await events('kind=stop.,courier.created')).body.events;
    expect(both).toHaveLength(stops.length + 1);
  });

  it('filters by actor', async () => {
    const byAdmin = (await events(`actorType=user&actorId=${adminId}`)).body.events;
    expect(byAdmin.length).toBeGreaterThan(0);
    expect(byAdmin.every((e) => e.actor.type === 'user' && e.actor.id === adminId)).toBe(true);
    const bySystem = (await events('actorType=system&kind=stop.')).body.events;
    expect(bySystem).toMatchObject([
      { kind: 'stop.updated', actor: { type: 'system', id: null, name: 'system' } },
    ]);
  });

  it('filters by hub, finding the hub of events recorded without one through their subject', async () => {
    const northEvents = (await events(`hubId=${north}&kind=stop.`)).body.events;
    expect(kinds(northEvents)).toEqual(['stop.updated', 'stop.reassigned', 'stop.created']);
    expect(northEvents.every((e) => e.hubId === north)).toBe(true);
    expect((await events(`hubId=${south}&kind=stop.`)).body.events).toEqual([]);
  });

  it('filters by time, from (inclusive) to (exclusive)', async () => {
    const all = (await events('kind=stop.')).body.events;
    const newest = all[0]!;
    const upToNewest = (await events(`kind=stop.&to=${Math.ceil(newest.at) + 1}`)).body.events;
    expect(upToNewest).toHaveLength(all.length);
    const later = (await events(`kind=stop.&from=${Math.ceil(newest.at) + 1}`)).body.events;
    expect(later).toEqual([]);
    const reversed = await events(`from=${newest.at + 10}&to=${newest.at}`);
    expect(reversed.status).toBe(400);
  });

  it('pages back newest first by id, every event once', async () => {
    const whole = (await events('limit=500')).body;
    expect(whole.nextBefore).toBeNull();
    const ids = whole.events.map((e) => e.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    const paged: number[] = [];
    let before: number | null = null;
    do {
      const page: AuditPage = (await events(`limit=2${before ? `&before=${before}` : ''}`)).body;
      expect(page.events.length).toBeLessThanOrEqual(2);
      paged.push(...page.events.map((e) => e.id));
      before = page.nextBefore;
    } while (before !== null);
    expect(paged).toEqual(ids);
  });

  it('shows a supervisor bound to a hub only that hub’s events', async () => {
    const stopQuery = `subjectType=stop&subjectId=${stopId}`;
    const south = (await events(stopQuery, cookies.southSupervisor)).body.events;
    expect(south).toEqual([]);
    const north = (await events(stopQuery, cookies.northSupervisor)).body.events;
    expect(kinds(north)).toEqual(['stop.updated', 'stop.reassigned', 'stop.created']);
    const everything = (await events('limit=500', cookies.northSupervisor)).body.events;
    expect(everything.length).toBeGreaterThan(0);
    expect(everything.every((e) => e.hubId === north[0]!.hubId)).toBe(true);
  });

  it('answers a supervisor naming another hub as if it did not exist', async () => {
    const res = await events(`hubId=${north}`, cookies.southSupervisor);
    expect(res.status).toBe(404);
    expect(res.body).toMatchObject({ code: 'not_found' });
  });

  it('keeps events of no hub to users of every hub', async () => {
    const query = 'kind=auth.login_failed';
    expect((await events(query)).body.events.length).toBeGreaterThan(0);
    expect((await events(query, cookies.northSupervisor)).body.events).toEqual([]);
  });

  it('lists security events only when asked to', async () => {
    const res = await events('securityOnly=true');
    expect(res.status).toBe(200);
    const kindsSeen = kinds(res.body.events);
    expect(kindsSeen.every((k) => (SECURITY_EVENT_KINDS as readonly string[]).includes(k))).toBe(
      true,
    );
    const failed = res.body.events.filter((e) => e.data.email === 'x@y.example');
    expect(failed).toHaveLength(2);
    expect(failed[0]).toMatchObject({
      kind: 'auth.login_failed',
      actor: { type: 'anonymous', id: null, name: 'anonymous' },
      subject: { type: 'user', id: null },
      data: { ip: expect.any(String) },
      hubId: null,
    });
  });

  it('refuses an actor id without its type and a page over 500', async () => {
    expect((await events('actorId=1')).status).toBe(400);
    expect((await events('limit=501')).status).toBe(400);
    expect((await events('kind=Stop')).status).toBe(400);
  });
});
