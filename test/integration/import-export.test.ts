import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  haversineMeters,
  type CourierDayReport,
  type Ping,
  type Stop,
  type StopImportPreview,
} from '@dispatch/shared';
import { parseCsv } from '../../server/src/stops/csv';
import { TestServer, eventually } from '../helpers/test-server';

const ZONE = 'America/Campo_Grande';
const DAY = '2025-05-02';
/** Epoch ms of a local time of the report's day (Campo Grande is UTC−4). */
const at = (hhmm: string) => Date.parse(`${DAY}T${hhmm}:00-04:00`);
const HEADER = 'order_ref,kind,address,lat,lng,window_start,window_end,service_seconds,sla_tier';

describe('the import screen, the unassigned queue, the day export and the courier report', () => {
  let server: TestServer;
  let admin: string;
  let hubId: number;
  let otherHubId: number;

  const countStops = async () =>
    (await server.app.db.query<{ n: number }>('select count(*)::int as n from stops'))[0]!.n;
  const csvPost = <T>(path: string, csv: string, cookie = admin) =>
    server.request<T>('POST', path, { cookie, headers: { 'content-type': 'text/csv' }, raw: csv });
  const listStops = async (query: string) =>
    (await server.request<{ stops: Stop[] }>('GET', `/api/v1/stops?${query}`, { cookie: admin }))
      .body.stops;

  beforeAll(async () => {
    // A failed attempt stays failed (attempts.test.ts covers the hubs' re-attempt policies).
    server = await TestServer.start({ REATTEMPT_POLICIES: 'off' });
    admin = await server.login();
    const hub = (name: string) =>
      server.request<{ id: number }>('POST', '/api/v1/hubs', {
        cookie: admin,
        body: { name, lat: -20.47, lng: -54.62, timezone: ZONE },
      });
    hubId = (await hub('Campo Grande Centro')).body.id;
    otherHubId = (await hub('Outro')).body.id;
    for (const [email, role, scope] of [
      ['sup@example.com', 'supervisor', null],
      ['far@example.com', 'dispatcher', otherHubId],
    ] as const) {
      await server.request('POST', '/api/v1/users', {
        cookie: admin,
        body: { email, name: role, role, password: 'a-long-password', hubId: scope },
      });
    }
  });
  afterAll(() => server?.stop());

  describe('importing a CSV', () => {
    const bad = [
      HEADER,
      'IMP-1,delivery,"Rua Um, 1",-20.46,-54.61,2025-05-02 09:00,2025-05-02 11:00,120,same_day',
      'IMP-2,delivery,Rua Dois 2,-200,-54.61,2025-05-02 09:00,2025-05-02 11:00,120,same_day',
      'IMP-3,parcel,Rua Três 3,-20.46,-54.61,2025-05-02 12:00,2025-05-02 11:00,,',
    ].join('\n');

    it('previews every problem by line and column, and changes nothing', async () => {
      const before = await countStops();
      const res = await csvPost<StopImportPreview>(
        `/api/v1/stops/import/preview?hubId=${hubId}`,
        bad,
      );
      expect(res.status).toBe(200);
      expect(res.body.stops).toHaveLength(3);
      expect(res.body.stops[0]).toMatchObject({
        line: 2,
        orderRef: 'IMP-1',
        hubId,
        windowStart: at('09:00'),
        windowEnd: at('11:00'),
      });
      expect(res.body.problems).toEqual([
        { line: 3, index: 1, column: 'lat', message: 'lat must be a number from -90 to 90' },
        {
          line: 4,
          index: 2,
          column: 'kind',
          message: 'kind must be delivery, pickup or return_pickup',
        },
        {
          line: 4,
          index: 2,
          column: 'window_end',
          message: 'window_end must be after window_start',
        },
      ]);
      expect(await countStops()).toBe(before);
      const refused = await csvPost<{ code: string; details: { path: string }[] }>(
        `/api/v1/stops/import?hubId=${hubId}`,
        bad,
      );
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('invalid');
      expect(refused.body.details.map((d) => d.path)).toEqual(['line 3', 'line 4', 'line 4']);
      expect(await countStops()).toBe(before);
    });

    it('imports the fixed file onto the chosen hub, local times in its zone', async () => {
      const fixed = bad
        .replace(',-200,', ',-20.47,')
        .replace('parcel', 'pickup')
        .replace('2025-05-02 12:00', '2025-05-02 10:00');
      const preview = await csvPost<StopImportPreview>(
        `/api/v1/stops/import/preview?hubId=${hubId}`,
        fixed,
      );
      expect(preview.body.problems).toEqual([]);
      const res = await csvPost<{ imported: number; ids: number[] }>(
        `/api/v1/stops/import?hubId=${hubId}`,
        fixed,
      );
      expect(res).toMatchObject({ status: 201, body: { imported: 3 } });
      const queued = await listStops(`status=unassigned&hubId=${hubId}`);
      expect(queued.map((s) => s.orderRef).sort()).toEqual(['IMP-1', 'IMP-2', 'IMP-3']);
      expect(queued.find((s) => s.orderRef === 'IMP-3')).toMatchObject({
        kind: 'pickup',
        windowStart: at('10:00'),
      });
    });

    it('refuses a dry run for another hub than the dispatcher’s own', async () => {
      const far = await server.login('far@example.com', 'a-long-password');
      const res = await csvPost(`/api/v1/stops/import/preview?hubId=${hubId}`, bad, far);
      expect(res).toMatchObject({ status: 404, body: { code: 'not_found' } });
    });
  });

  describe('stops without a hub and editing stops', () => {
    let hubless: number[];

    beforeAll(async () => {
      const stop = (ref: string) => ({
        orderRef: ref,
        address: `Rua ${ref}`,
        lat: -20.46,
        lng: -54.6,
        windowStart: at('09:00'),
        windowEnd: at('12:00'),
      });
      hubless = (
        await server.request<{ ids: number[] }>('POST', '/api/v1/stops', {
          cookie: admin,
          body: { stops: [stop('NH-1'), stop('NH-2')] },
        })
      ).body.ids;
    });

    it('lists stops without a hub and gives them one, all or none', async () => {
      expect((await listStops('status=unassigned&noHub=true')).map((s) => s.id)).toEqual(hubless);
      const missing = await server.request('POST', '/api/v1/stops/hub', {
        cookie: admin,
        body: { stopIds: [...hubless, 999_999], hubId },
      });
      expect(missing).toMatchObject({ status: 404, body: { code: 'not_found' } });
      expect(await listStops('status=unassigned&noHub=true')).toHaveLength(2);
      const res = await server.request('POST', '/api/v1/stops/hub', {
        cookie: admin,
        body: { stopIds: hubless, hubId },
      });
      expect(res).toMatchObject({ status: 200, body: { updated: 2 } });
      expect(await listStops('status=unassigned&noHub=true')).toEqual([]);
    });

    it('edits an unassigned stop, refusing a window that ends before it starts', async () => {
      const sup = await server.login('sup@example.com', 'a-long-password');
      const ok = await server.request<Stop>('PATCH', `/api/v1/stops/${hubless[0]}`, {
        cookie: sup,
        body: { windowEnd: at('13:00'), address: 'Rua Nova 5', lat: -20.5 },
      });
      expect(ok).toMatchObject({
        status: 200,
        body: { windowEnd: at('13:00'), address: 'Rua Nova 5', lat: -20.5 },
      });
      const bad = await server.request<{ code: string; message: string }>(
        'PATCH',
        `/api/v1/stops/${hubless[0]}`,
        { cookie: sup, body: { windowStart: at('14:00') } },
      );
      expect(bad).toMatchObject({
        status: 400,
        body: { code: 'invalid', message: 'the window must end after it starts' },
      });
      const far = await server.login('far@example.com', 'a-long-password');
      const other = await server.request('PATCH', `/api/v1/stops/${hubless[0]}`, {
        cookie: far,
        body: { demand: 3 },
      });
      expect(other).toMatchObject({ status: 404, body: { code: 'not_found' } });
    });

    it("keeps an edited stop on its route and moves the route's version on, with an event", async () => {
      const courier = await server.createCourier(admin, { hubId });
      const [id] = (
        await server.request<{ ids: number[] }>('POST', '/api/v1/stops', {
          cookie: admin,
          body: {
            stops: [
              {
                address: 'Rua Rota',
                lat: -20.46,
                lng: -54.6,
                windowStart: at('09:00'),
                windowEnd: at('10:00'),
                hubId,
                courierId: courier.id,
              },
            ],
          },
        })
      ).body.ids as [number];
      const route = () =>
        server.request<{ version: number; stops: { id: number; windowEnd: number }[] }>(
          'GET',
          `/api/v1/couriers/${courier.id}/route`,
          { cookie: admin },
        );
      const before = (await route()).body;
      const res = await server.request('PATCH', `/api/v1/stops/${id}`, {
        cookie: admin,
        body: { windowEnd: at('11:30') },
      });
      expect(res.status).toBe(200);
      const after = (await route()).body;
      expect(after.version).toBe(before.version + 1);
      expect(after.stops).toEqual([expect.objectContaining({ id, windowEnd: at('11:30') })]);
      const events = await server.app.db.query<{ kind: string; data: { reason?: string } }>(
        `select kind, data from events
         where ((subject_type = 'courier' and subject_id = $1)
            or (subject_type = 'stop' and subject_id = $2))
           and (kind like 'stop.%' or kind like 'route.%')
         order by id`,
        [courier.id, id],
      );
      expect(events.map((e) => e.kind)).toEqual([
        'stop.created',
        'route.changed',
        'stop.updated',
        'route.changed',
      ]);
      expect(events.at(-1)!.data.reason).toBe('stop edited');
      const moveHub = await server.request<{ code: string }>('PATCH', `/api/v1/stops/${id}`, {
        cookie: admin,
        body: { hubId: otherHubId },
      });
      expect(moveHub).toMatchObject({ status: 409, body: { code: 'conflict' } });
    });
  });

  describe("a hub's day", () => {
    let courierId: number;
    let biaId: number;
    let track: Ping[];

    beforeAll(async () => {
      const courier = await server.createCourier(admin, { hubId, name: 'Ana Souza' });
      courierId = courier.id;
      const stop = (ref: string, from: string, to: string, address = `Rua ${ref}`) => ({
        orderRef: ref,
        address,
        lat: -20.46,
        lng: -54.6,
        windowStart: at(from),
        windowEnd: at(to),
        hubId,
        courierId,
      });
      const ids = (
        await server.request<{ ids: number[] }>('POST', '/api/v1/stops', {
          cookie: admin,
          body: {
            stops: [
              stop('R-1', '09:00', '11:00', '=HYPERLINK("http://x.example")'),
              stop('R-2', '09:00', '10:00'),
              stop('R-3', '10:00', '12:00'),
              stop('R-4', '13:00', '15:00'),
              stop('R-6', '11:00', '14:00'),
              {
                ...stop('R-5', '09:00', '10:00'),
                windowStart: at('09:00') + 86_400_000,
                windowEnd: at('10:00') + 86_400_000,
              },
            ],
          },
        })
      ).body.ids as [number, number, number, number, number];
      // The day is in the past but the stops are imported (and moved) now: date their records in
      // the day, before the visits, which may not be older than the stops' place on a route.
      const backdate = async (stopIds: number[], time: number) => {
        const iso = new Date(time).toISOString();
        await server.app.db.query(
          'update stops set created_at = $2 where id = any($1::int[]) and created_at > $2',
          [stopIds, iso],
        );
        await server.app.db.query(
          `update events set at = $2
            where subject_type = 'stop' and subject_id = any($1::int[]) and at > $2`,
          [stopIds, iso],
        );
      };
      await backdate(ids, at('08:00'));

      // 09:50–10:00 standing at the hub, 10:00–10:20 riding north, 10:20–10:45 standing at the
      // stops; one wild fix in between.
      const fix = (seq: number, t: number, lat: number): Ping => ({
        seq,
        t,
        lat,
        lng: -54.62,
        acc: 5,
      });
      track = [];
      let seq = 1;
      for (let i = 0; i <= 20; i++)
        track.push(fix(seq++, at('09:50') + i * 30_000, -20.47 + ((i % 3) - 1) * 0.00003));
      for (let i = 1; i <= 40; i++)
        track.push(fix(seq++, at('10:00') + i * 30_000, -20.47 + i * 0.001));
      for (let i = 1; i <= 50; i++)
        track.push(fix(seq++, at('10:20') + i * 30_000, -20.43 + ((i % 3) - 1) * 0.00003));
      const wild = fix(seq, at('10:10') + 15_000, -19.4);
      // The device sends its fixes as the day goes and reports each visit after the fixes before
      // it: the server bounds a visit's time by the courier's last fix.
      let sentUpTo = 0;
      const sendFixesUntil = async (until: number, extra: Ping[] = []) => {
        const batch = [...track.slice(sentUpTo).filter((p) => p.t <= until), ...extra];
        sentUpTo += batch.length - extra.length;
        if (batch.length === 0) return;
        const sent = await server.request('POST', '/api/v1/pings', {
          headers: { authorization: `Bearer ${courier.deviceToken}` },
          body: { pings: batch },
        });
        expect(sent.status).toBe(200);
        const last = Math.max(...batch.map((p) => p.t));
        await eventually(() =>
          (server.app.fleet.get(courier.id)?.fix?.t ?? 0) >= last ? true : undefined,
        );
      };

      const device = await server.connectCourier(courier.deviceToken);
      const visit = async (
        event: 'stop:arrived' | 'stop:delivered' | 'stop:failed',
        stopId: number,
        t: number,
        reason?: string,
      ) => {
        await sendFixesUntil(t);
        return device
          .timeout(5000)
          .emitWithAck(event, { stopId, t, ...(reason ? { reason } : {}) });
      };
      await visit('stop:arrived', ids[0], at('10:25'));
      await visit('stop:delivered', ids[0], at('10:30'));
      await visit('stop:delivered', ids[1], at('10:40'));
      await sendFixesUntil(at('10:45'), [wild]);
      await visit('stop:failed', ids[2], at('11:00'), 'nobody home');
      // Ana finds nobody home, a dispatcher gives it to Bia, who delivers it.
      await sendFixesUntil(at('11:05'));
      expect(
        await device
          .timeout(5000)
          .emitWithAck('stop:failed', { stopId: ids[4], t: at('11:05'), reasonCode: 'not_home' }),
      ).toEqual({ ok: true });
      device.disconnect();
      const bia = await server.createCourier(admin, { hubId, name: 'Bia Lima' });
      biaId = bia.id;
      const version = async (id: number) =>
        (
          await server.request<{ version: number }>('GET', `/api/v1/couriers/${id}/route`, {
            cookie: admin,
          })
        ).body.version;
      const moved = await server.request('POST', '/api/v1/stops/reassign', {
        cookie: admin,
        body: {
          stopIds: [ids[4]],
          toCourierId: bia.id,
          routeVersions: { [courierId]: await version(courierId), [bia.id]: await version(bia.id) },
        },
      });
      expect(moved.status).toBe(200);
      await backdate([ids[4]], at('11:10'));
      const biaDevice = await server.connectCourier(bia.deviceToken);
      expect(
        await biaDevice
          .timeout(5000)
          .emitWithAck('stop:delivered', { stopId: ids[4], t: at('12:00') }),
      ).toEqual({ ok: true });
      biaDevice.disconnect();
    });

    it("exports one row per stop of the day, times in the hub's offset, formulas neutralised", async () => {
      const res = await fetch(`${server.url}/api/v1/hubs/${hubId}/export.csv?date=${DAY}`, {
        headers: { cookie: admin },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="stops-campo-grande-centro-${DAY}.csv"`,
      );
      const [header, ...rows] = parseCsv(await res.text()).map((r) => r.fields);
      expect(header).toEqual([
        'reference',
        'kind',
        'address',
        'courier',
        'window_start',
        'window_end',
        'eta',
        'arrived',
        'completed',
        'outcome',
        'minutes_late',
        'failure_reason',
        'attempts',
        'failure_code',
        'failed_attempts',
      ]);
      const byRef = new Map(rows.map((r) => [r[0], r]));
      expect([...byRef.keys()].filter((k) => k!.startsWith('R-')).sort()).toEqual([
        'R-1',
        'R-2',
        'R-3',
        'R-4',
        'R-6',
      ]);
      expect(byRef.get('R-1')).toEqual([
        'R-1',
        'delivery',
        '\'=HYPERLINK("http://x.example")',
        'Ana Souza',
        '2025-05-02T09:00:00-04:00',
        '2025-05-02T11:00:00-04:00',
        '',
        '2025-05-02T10:25:00-04:00',
        '2025-05-02T10:30:00-04:00',
        'delivered',
        '0',
        '',
        '1',
        '',
        '0',
      ]);
      expect(byRef.get('R-2')!.slice(9)).toEqual(['delivered', '40', '', '1', '', '0']);
      expect(byRef.get('R-3')!.slice(9)).toEqual(['failed', '0', 'nobody home', '1', 'other', '1']);
      expect(byRef.get('R-4')![9]).toBe('open');
      // Failed by Ana, delivered by Bia on the second attempt.
      expect(byRef.get('R-6')![3]).toBe('Bia Lima');
      expect(byRef.get('R-6')!.slice(9)).toEqual(['delivered', '0', '', '2', 'not_home', '1']);
      // The imported and edited stops of the same day are there too; nothing of the next day.
      expect(rows.length).toBe(5 + 3 + 2 + 1);
    });

    it('reports per courier: done, on-time share, failed attempts, km from the fixes, idle minutes', async () => {
      const res = await server.request<CourierDayReport>(
        'GET',
        `/api/v1/hubs/${hubId}/couriers-report?date=${DAY}`,
        { cookie: admin },
      );
      expect(res.status).toBe(200);
      const ana = res.body.couriers.find((c) => c.courierId === courierId)!;
      let meters = 0;
      for (let i = 1; i < track.length; i++)
        meters += haversineMeters(
          track[i - 1]!.lat,
          track[i - 1]!.lng,
          track[i]!.lat,
          track[i]!.lng,
        );
      expect(ana).toMatchObject({
        name: 'Ana Souza',
        // R-6 counts as her failed attempt though Bia delivered it since.
        stops: 5,
        done: 4,
        delivered: 2,
        failed: 2,
        onTime: 1,
        onTimeShare: 0.5,
        km: Math.round(meters / 10) / 100,
        // 10 min at the hub, then 25 min at the stops less 5 min at R-1 (arrival to delivery).
        idleMinutes: 30,
      });
      expect(res.body.couriers.find((c) => c.courierId === biaId)).toMatchObject({
        stops: 1,
        done: 1,
        delivered: 1,
        failed: 0,
        onTime: 1,
      });
      // 4.45 km of riding, plus about 0.3 km of the few metres of jitter while standing.
      expect(ana.km).toBeGreaterThan(4.6);
      expect(ana.km).toBeLessThan(4.9);
      const csv = await fetch(
        `${server.url}/api/v1/hubs/${hubId}/couriers-report.csv?date=${DAY}`,
        { headers: { cookie: admin } },
      );
      const lines = parseCsv(await csv.text()).map((r) => r.fields);
      expect(lines[0]).toEqual([
        'courier',
        'vehicle',
        'stops',
        'done',
        'delivered',
        'failed',
        'on_time',
        'on_time_share',
        'km',
        'idle_minutes',
      ]);
      expect(lines.find((l) => l[0] === 'Ana Souza')).toEqual([
        'Ana Souza',
        'bike',
        '5',
        '4',
        '2',
        '2',
        '1',
        '0.5',
        String(ana.km),
        '30',
      ]);
    });

    it('refuses a bad date, an unknown hub and another hub’s dispatcher, plainly', async () => {
      const far = await server.login('far@example.com', 'a-long-password');
      for (const [path, cookie, status, code] of [
        [`/api/v1/hubs/${hubId}/couriers-report?date=2025-02-30`, admin, 400, 'invalid'],
        [`/api/v1/hubs/${hubId}/export.csv?date=yesterday`, admin, 400, 'invalid'],
        [`/api/v1/hubs/9999/export.csv?date=${DAY}`, admin, 404, 'not_found'],
        [`/api/v1/hubs/${hubId}/export.csv?date=${DAY}`, far, 404, 'not_found'],
        [`/api/v1/hubs/${hubId}/couriers-report?date=${DAY}`, undefined, 401, 'unauthorized'],
      ] as const) {
        const res = await server.request('GET', path, cookie ? { cookie } : {});
        expect({ path, status: res.status, code: (res.body as { code?: string }).code }).toEqual({
          path,
          status,
          code,
        });
      }
    });
  });
});
