import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RoutePayload } from '@dispatch/shared';
import { StopStore } from '../../server/src/stops/stop-store';
import { TestServer, type CourierClient } from '../helpers/test-server';

const HUB = { lat: -20.46, lng: -54.61 };
const MIN = 60_000;
const HOUR = 60 * MIN;

/**
 * The outbox's writer (migration 0009's trigger) as the sender sees it: which events a stop's
 * changes append, in order, whichever code path makes them.
 */
describe('the stops’ outbox as a stop goes through its day', () => {
  let server: TestServer;
  let admin: string;
  let hubId: number;
  let courier: { id: number; deviceToken: string };
  let device: CourierClient;
  let etas: StopStore;
  const now = Date.now();

  const importStop = async (ref: string, fields: object = {}) => {
    const res = await server.request<{ ids: number[] }>('POST', '/api/v1/stops', {
      cookie: admin,
      body: {
        stops: [
          {
            orderRef: ref,
            address: `Rua ${ref}`,
            ...HUB,
            hubId,
            windowStart: now - HOUR,
            windowEnd: now + 4 * HOUR,
            ...fields,
          },
        ],
      },
    });
    expect(res.status).toBe(201);
    return res.body.ids[0]!;
  };
  const typesOf = async (stopId: number) =>
    (
      await server.app.db.query<{ type: string }>(
        'select type from notification_events where stop_id = $1 order by id',
        [stopId],
      )
    ).map((r) => r.type);
  const setEta = (stopId: number, fromNowMs: number) =>
    etas.saveEtas([{ stopId, eta: Date.now() + fromNowMs }]);
  const visit = async (report: 'stop:arrived' | 'stop:delivered', stopId: number) =>
    expect(await device.timeout(5000).emitWithAck(report, { stopId })).toEqual({ ok: true });

  beforeAll(async () => {
    // No webhooks: the sender fans events out to nothing, which leaves the outbox as written.
    server = await TestServer.start({ SUGGESTIONS: 'off' });
    admin = await server.login();
    hubId = (
      await server.request<{ id: number }>('POST', '/api/v1/hubs', {
        cookie: admin,
        body: { name: 'Centro', ...HUB, timezone: 'America/Campo_Grande' },
      })
    ).body.id;
    courier = await server.createCourier(admin, { hubId, vehicle: 'car' });
    device = await server.connectCourier(courier.deviceToken);
    etas = new StopStore(server.app.db);
  });
  afterAll(() => server?.stop());

  it('appends created, assigned, out for delivery, ETA changed, arriving and delivered, in order', async () => {
    const walk = await importStop('WALK');
    expect(await typesOf(walk)).toEqual(['stop.created']);

    const route = await server.request<RoutePayload>(
      'GET',
      `/api/v1/couriers/${courier.id}/route`,
      { cookie: admin },
    );
    const moved = await server.request('POST', '/api/v1/stops/reassign', {
      cookie: admin,
      body: {
        stopIds: [walk],
        toCourierId: courier.id,
        routeVersions: { [courier.id]: route.body.version },
      },
    });
    expect(moved.status).toBe(200);
    expect(await typesOf(walk)).toEqual(['stop.created', 'stop.assigned']);

    // The courier's first visit of the run (another stop) sets every stop of the route off.
    const first = await importStop('FIRST', { courierId: courier.id });
    await visit('stop:arrived', first);
    expect(await typesOf(walk)).toEqual(['stop.created', 'stop.assigned', 'stop.out_for_delivery']);
    expect(await typesOf(first)).toEqual([
      'stop.created',
      'stop.assigned',
      'stop.out_for_delivery',
    ]);

    // The first ETA is told with out for delivery; moves under 10 minutes are not news.
    await setEta(walk, 60 * MIN);
    await setEta(walk, 65 * MIN);
    // Ten minutes or more, but within 15 minutes of the last ETA told: held back.
    await setEta(walk, 75 * MIN);
    expect(await typesOf(walk)).toEqual(['stop.created', 'stop.assigned', 'stop.out_for_delivery']);
    // Sixteen minutes later (moved back in the stop's record), a 16-minute move is told.
    await server.app.db.query(
      `update stops set notified_eta_at = notified_eta_at - interval '16 minutes' where id = $1`,
      [walk],
    );
    await setEta(walk, 76 * MIN);
    expect((await typesOf(walk)).at(-1)).toBe('stop.eta_changed');

    // Within 10 minutes: arriving, once per run.
    await setEta(walk, 8 * MIN);
    await setEta(walk, 5 * MIN);
    await visit('stop:arrived', walk);
    await visit('stop:delivered', walk);
    expect(await typesOf(walk)).toEqual([
      'stop.created',
      'stop.assigned',
      'stop.out_for_delivery',
      'stop.eta_changed',
      'stop.arriving',
      'stop.delivered',
    ]);
  });

  it('appends failed, then rescheduled when the hub’s policy moves the stop to the next day', async () => {
    const stopId = await importStop('NEXT-DAY', { courierId: courier.id, slaTier: 'next_day' });
    expect(
      await device.timeout(5000).emitWithAck('stop:failed', { stopId, reasonCode: 'not_home' }),
    ).toEqual({ ok: true });
    await server.app.reattempts.settled();
    const types = await typesOf(stopId);
    expect(types.slice(-2)).toEqual(['stop.failed', 'stop.rescheduled']);
    const [row] = await server.app.db.query<{ window_start: Date }>(
      'select window_start from stops where id = $1',
      [stopId],
    );
    expect(new Date(row!.window_start).getTime()).toBeGreaterThan(now);
  });

  it('appends cancelled for a stop a dispatcher cancels, and nothing for a change no one is told of', async () => {
    const stopId = await importStop('CANCEL');
    await server.app.db.query(`update stops set notes = 'ring twice' where id = $1`, [stopId]);
    expect(await typesOf(stopId)).toEqual(['stop.created']);
    const res = await server.request('POST', `/api/v1/stops/${stopId}/cancel`, { cookie: admin });
    expect(res.status).toBe(200);
    expect(await typesOf(stopId)).toEqual(['stop.created', 'stop.cancelled']);
  });
});
