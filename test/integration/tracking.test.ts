import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TRACKING_STOPS_AHEAD,
  type RoutePayload,
  type TrackingMap,
  type TrackingView,
} from '@dispatch/shared';
import { TestServer, eventually, makePings, type CourierClient } from '../helpers/test-server';
import {
  VIEW_KEYS,
  connected,
  customerAt,
  trackSocket,
  trackingToken,
  type TrackClient,
} from '../helpers/tracking-client';

const MIN = 60_000;
const HOUR = 60 * MIN;
const HUB = { lat: -20.46, lng: -54.61 };
const near = (km: number) => ({ lat: HUB.lat + km / 111.2, lng: HUB.lng + km / 104.2 });
const COURIER_NAME = 'Ana Beatriz Moreira';

describe('the tracking page through the real server', () => {
  let server: TestServer;
  let admin: string;
  let hubId: number;
  let ana: { id: number; deviceToken: string };
  let device: CourierClient;
  const customer = (address = '192.0.2.10') => customerAt(server, address);
  const visit = async (event: 'stop:en_route' | 'stop:arrived' | 'stop:delivered', body: object) =>
    expect(await device.timeout(5000).emitWithAck(event, body as never)).toEqual({ ok: true });

  beforeAll(async () => {
    server = await TestServer.start();
    admin = await server.login();
    hubId = (
      await server.request<{ id: number }>('POST', '/api/v1/hubs', {
        cookie: admin,
        body: { name: 'Centro', ...HUB, timezone: 'America/Campo_Grande' },
      })
    ).body.id;
    ana = await server.createCourier(admin, { name: COURIER_NAME, vehicle: 'car', hubId });
    device = await server.connectCourier(ana.deviceToken);
    const t = Date.now() - 200;
    await device.timeout(5000).emitWithAck('pings', { pings: makePings(1, 1, t, near(1)) });
    await eventually(() => (server.app.fleet.get(ana.id)?.fix?.t === t ? true : undefined));
  });
  afterAll(() => server?.stop());

  describe('a delivery from its route to the door', () => {
    /** Ana's route: four stops, then the customer's (far off, so its ETA stays long), then one more. */
    let ids: number[];
    let token: string;
    let page: TrackClient;
    const frames: TrackingView[] = [];
    const view = async () => {
      const res = await customer()('GET', token);
      expect(res.status).toBe(200);
      return res.body;
    };

    beforeAll(async () => {
      const now = Date.now();
      const stop = (i: number, km: number) => ({
        orderRef: `R-${i}`,
        address: i === 5 ? 'Rua do Cliente 5' : `Rua Outra ${i}`,
        customerName: i === 5 ? 'Carla Cliente' : `Other Customer ${i}`,
        customerPhone: `+55 67 9000-000${i}`,
        ...near(km),
        hubId,
        courierId: ana.id,
        windowStart: now,
        windowEnd: now + 8 * HOUR,
      });
      const res = await server.request<{ ids: number[] }>('POST', '/api/v1/stops', {
        cookie: admin,
        body: {
          stops: [stop(1, 1), stop(2, 1.2), stop(3, 1.4), stop(4, 1.6), stop(5, 40), stop(6, 41)],
        },
      });
      expect(res.status).toBe(201);
      ids = res.body.ids;
      token = await trackingToken(server, ids[4]!);
      page = trackSocket(server, token, '192.0.2.11');
      page.on('tracking:update', (v) => frames.push(v));
      await connected(page);
      await eventually(() => (frames.length > 0 ? true : undefined));
    });
    afterAll(() => void page?.disconnect());

    it('shows the stop received while its route has not set off', async () => {
      const v = await view();
      expect(v).toMatchObject({
        phase: 'received',
        kind: 'delivery',
        orderRef: 'R-5',
        address: 'Rua do Cliente 5',
        hub: { name: 'Centro', timezone: 'America/Campo_Grande' },
        stopsBefore: null,
        courier: null,
        can: { instruct: true, reschedule: true, collect: true },
      });
      expect(frames[0]!.phase).toBe('received');
    });

    it('goes out for delivery when the courier visits the first stop, the courier still hidden', async () => {
      await visit('stop:en_route', { stopId: ids[0] });
      const v = await view();
      expect(v).toMatchObject({ phase: 'out_for_delivery', stopsBefore: 4, courier: null });
      // Out with the courier: no other window, but it can still be kept at the hub.
      expect(v.can).toEqual({ instruct: true, reschedule: false, collect: true });
      await eventually(() => (frames.at(-1)?.stopsBefore === 4 ? true : undefined));
    });

    it(`shows the courier's first name and position within ${TRACKING_STOPS_AHEAD} stops`, async () => {
      await visit('stop:delivered', { stopId: ids[0] });
      const v = await view();
      expect(v.stopsBefore).toBe(3);
      expect(v.courier).toMatchObject({ firstName: 'Ana', ...near(1) });
      await eventually(() => (frames.at(-1)?.courier?.firstName === 'Ana' ? true : undefined));
    });

    it('pushes the courier as it moves', async () => {
      // A few metres on: a plausible move however soon after the first fix it comes.
      const moved = near(1.01);
      const t = Date.now() - 100;
      await device.timeout(5000).emitWithAck('pings', { pings: makePings(1, 2, t, moved) });
      await eventually(
        () => (frames.at(-1)?.courier?.lat === moved.lat ? true : undefined),
        10_000,
        'the moved courier on the page',
      );
    });

    it('is arriving with no open stop before it', async () => {
      for (const id of ids.slice(1, 4)) await visit('stop:delivered', { stopId: id });
      const v = await view();
      expect(v).toMatchObject({ phase: 'arriving', stopsBefore: 0 });
      expect(v.courier?.firstName).toBe('Ana');
      await eventually(() => (frames.at(-1)?.phase === 'arriving' ? true : undefined));
    });

    it('is delivered with who took it, and the courier is gone', async () => {
      await visit('stop:delivered', { stopId: ids[4], proof: { recipientName: 'Carla' } });
      const v = await view();
      expect(v).toMatchObject({
        phase: 'delivered',
        recipientName: 'Carla',
        courier: null,
        stopsBefore: null,
        etaWindow: null,
        can: { instruct: false, reschedule: false, collect: false },
      });
      expect(v.deliveredAt).toBeGreaterThan(Date.now() - MIN);
      await eventually(() => (frames.at(-1)?.phase === 'delivered' ? true : undefined));
    });

    it('never told the page more than the view: no full name, phone, other stops or route', () => {
      expect(frames.length).toBeGreaterThan(4);
      for (const frame of frames) {
        expect(Object.keys(frame).sort()).toEqual(VIEW_KEYS);
        if (frame.courier) {
          expect(frame.stopsBefore).toBeLessThanOrEqual(TRACKING_STOPS_AHEAD);
          expect(frame.phase).not.toBe('delivered');
          expect(Object.keys(frame.courier).sort()).toEqual(['at', 'firstName', 'lat', 'lng']);
        }
        const text = JSON.stringify(frame);
        for (const secret of [
          'Moreira',
          'Beatriz',
          '9000-000',
          'Rua Outra',
          'Customer',
          'Carla Cliente',
          'R-6',
        ])
          expect(text).not.toContain(secret);
        expect(text).not.toMatch(/"(route|stops|courierId|customerPhone|sequence)"/);
      }
    });

    it('answers a link expired a week after the stop ended like an unknown one', async () => {
      await server.app.db.query(
        `update stops set completed_at = now() - interval '8 days' where id = $1`,
        [ids[4]],
      );
      const res = await customer()('GET', token);
      expect(res.status).toBe(404);
      expect(res.body).toEqual({ code: 'not_found', message: 'This link is not valid' });
      // Its open page is closed at the next push.
      const closed = new Promise<string>((resolve) => page.once('disconnect', resolve));
      server.app.bus.emit('stops:changed', [
        {
          id: ids[4]!,
          hubId: null,
          status: 'delivered',
          courierId: ana.id,
          sequence: 5,
          eta: null,
        },
      ]);
      expect(await closed).toBe('io server disconnect');
    });
  });

  describe('a link that is not valid', () => {
    const random = () => randomBytes(32).toString('base64url');

    it('answers 404 alike for unknown and malformed tokens', async () => {
      const ask = customer('198.51.100.20');
      for (const token of [random(), 'abc', `${random()}!`]) {
        const res = await ask('GET', encodeURIComponent(token));
        expect(res.status).toBe(404);
        expect(res.body).toEqual({ code: 'not_found', message: 'This link is not valid' });
      }
    });

    it('refuses an address that tried 20 unknown tokens within the minute, even with a good one', async () => {
      const ask = customer('198.51.100.21');
      for (let i = 0; i < 20; i++) expect((await ask('GET', random())).status).toBe(404);
      const refused = await ask('GET', random());
      expect(refused.status).toBe(429);
      expect(refused.body.code).toBe('rate_limited');
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      const [id] = (
        await server.request<{ ids: number[] }>('POST', '/api/v1/stops', {
          cookie: admin,
          body: {
            stops: [
              {
                address: 'Rua 9',
                ...near(2),
                hubId,
                windowStart: Date.now(),
                windowEnd: Date.now() + HOUR,
              },
            ],
          },
        })
      ).body.ids;
      const good = await trackingToken(server, id!);
      expect((await ask('GET', good)).status).toBe(429);
      expect((await customer('198.51.100.22')('GET', good)).status).toBe(200);
    });

    it('refuses the live socket with not_found, counted by the same limiter', async () => {
      const address = '198.51.100.23';
      await expect(connected(trackSocket(server, random(), address))).rejects.toThrow('not_found');
      await expect(connected(trackSocket(server, undefined, address))).rejects.toThrow('not_found');
      const ask = customer(address);
      for (let i = 0; i < 18; i++) await ask('GET', random());
      await expect(connected(trackSocket(server, random(), address))).rejects.toThrow(
        'rate_limited',
      );
    });
  });

  describe('the page’s socket and map', () => {
    let token: string;

    beforeAll(async () => {
      const [id] = (
        await server.request<{ ids: number[] }>('POST', '/api/v1/stops', {
          cookie: admin,
          body: {
            stops: [
              {
                address: 'Rua 10',
                ...near(2),
                hubId,
                windowStart: Date.now(),
                windowEnd: Date.now() + HOUR,
              },
            ],
          },
        })
      ).body.ids;
      token = await trackingToken(server, id!);
    });

    it('closes the connection of a page that sends anything', async () => {
      const page = trackSocket(server, token, '192.0.2.30');
      const first = new Promise<TrackingView>((resolve) => page.once('tracking:update', resolve));
      await connected(page);
      expect((await first).phase).toBe('received');
      const closed = new Promise<string>((resolve) => page.once('disconnect', resolve));
      (page as unknown as { emit: (e: string, p: unknown) => void }).emit('tracking:update', {});
      expect(await closed).toBe('io server disconnect');
    });

    it('tells the page where its basemap comes from, without a login', async () => {
      const res = await customer('192.0.2.31')<TrackingMap>('GET', `${token}/map`);
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ mapStyleUrl: null, streetsUrl: null });
      expect((await customer('192.0.2.31')('GET', `${token}/streets`)).status).toBe(404);
    });

    it('gives the courier the customer’s instructions on its route', async () => {
      const [id] = (
        await server.request<{ ids: number[] }>('POST', '/api/v1/stops', {
          cookie: admin,
          body: {
            stops: [
              {
                address: 'Rua 11',
                ...near(3),
                hubId,
                courierId: ana.id,
                windowStart: Date.now(),
                windowEnd: Date.now() + 4 * HOUR,
              },
            ],
          },
        })
      ).body.ids;
      const pushed = new Promise<RoutePayload>((resolve) =>
        device.on('route:updated', (route) => {
          if (route.stops.some((s) => s.instructions)) resolve(route);
        }),
      );
      const ask = customer('192.0.2.32');
      const res = await ask('PUT', `${await trackingToken(server, id!)}/instructions`, {
        kind: 'safe_place',
        text: 'Behind the blue gate',
      });
      expect(res.status).toBe(200);
      expect(res.body.instructions).toEqual({ kind: 'safe_place', text: 'Behind the blue gate' });
      const route = await server.request<RoutePayload>('GET', `/api/v1/couriers/${ana.id}/route`, {
        cookie: admin,
      });
      expect(route.body.stops.find((s) => s.id === id)?.instructions).toEqual({
        kind: 'safe_place',
        text: 'Behind the blue gate',
      });
      expect((await pushed).stops.find((s) => s.id === id)?.instructions?.kind).toBe('safe_place');
    });
  });
});
