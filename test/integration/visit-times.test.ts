import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KpiSnapshot } from '@dispatch/shared';
import { TestServer, type CourierClient } from '../helpers/test-server';

const HUB = { lat: -23.55, lng: -46.63 };
const MIN = 60_000;

describe("a device's visit times are bounded by what the server saw", () => {
  let server: TestServer;
  let admin: string;
  let hubId: number;
  let courier: { id: number; deviceToken: string };
  let device: CourierClient;
  const now = Date.now();

  /** A stop on the courier's route with the given window, returning its id. */
  const placeStop = async (ref: string, windowStart: number, windowEnd: number) => {
    const res = await server.request<{ ids: number[] }>('POST', '/api/v1/stops', {
      cookie: admin,
      body: {
        stops: [
          {
            orderRef: ref,
            address: ref,
            ...HUB,
            hubId,
            courierId: courier.id,
            windowStart,
            windowEnd,
          },
        ],
      },
    });
    expect(res.status).toBe(201);
    return res.body.ids[0]!;
  };
  /** Makes a stop look imported `ago` ms before now (its row and its creation event). */
  const placedAgo = async (stopId: number, ago: number) => {
    const at = new Date(Date.now() - ago).toISOString();
    await server.app.db.query('update stops set created_at = $2 where id = $1', [stopId, at]);
    await server.app.db.query(
      "update events set at = $2 where subject_type = 'stop' and subject_id = $1",
      [stopId, at],
    );
  };
  const completedAt = async (stopId: number) => {
    const [row] = await server.app.db.query<{ completed_at: Date | string }>(
      'select completed_at from stops where id = $1',
      [stopId],
    );
    return new Date(row!.completed_at).getTime();
  };
  const clampOf = async (stopId: number) =>
    (
      await server.app.db.query<{ data: Record<string, unknown> }>(
        "select data from events where kind = 'stop.time_clamped' and subject_id = $1",
        [stopId],
      )
    )[0]?.data;
  const deliver = (stopId: number, t: number) =>
    device.timeout(5000).emitWithAck('stop:delivered', { stopId, t });

  beforeAll(async () => {
    server = await TestServer.start();
    admin = await server.login();
    hubId = (
      await server.request<{ id: number }>('POST', '/api/v1/hubs', {
        cookie: admin,
        body: { name: 'Sé', ...HUB },
      })
    ).body.id;
    courier = await server.createCourier(admin, { hubId });
    device = await server.connectCourier(courier.deviceToken);
  });
  afterAll(() => server?.stop());

  it('does not count on time a delivery dated inside a window that ended before the stop existed', async () => {
    const windowEnd = now - 120 * MIN;
    const stopId = await placeStop('BACKDATED', now - 180 * MIN, windowEnd);
    const claimed = windowEnd - 10 * MIN;
    expect(await deliver(stopId, claimed)).toEqual({ ok: true });
    expect(await completedAt(stopId)).toBeGreaterThan(windowEnd);
    expect(await clampOf(stopId)).toMatchObject({ deviceT: claimed, bound: 'placed' });
    const kpi = await server.request<KpiSnapshot>('GET', '/api/v1/kpi', { cookie: admin });
    expect(kpi.body.hubs.find((h) => h.hubId === hubId)).toMatchObject({ delivered: 1, onTime: 0 });
  });

  it('keeps the time of a delivery queued while the phone was offline', async () => {
    const stopId = await placeStop('QUEUED', now - 60 * MIN, now + 60 * MIN);
    await placedAgo(stopId, 60 * MIN);
    const queued = Date.now() - 40 * MIN;
    expect(await deliver(stopId, queued)).toEqual({ ok: true });
    expect(await completedAt(stopId)).toBe(queued);
    expect(await clampOf(stopId)).toBeUndefined();
  });

  it('clamps a delivery dated long before a fix the phone sent live', async () => {
    const stopId = await placeStop('ONLINE', now - 60 * MIN, now + 60 * MIN);
    await placedAgo(stopId, 60 * MIN);
    // The phone was online ten minutes ago: a fix received as it was taken.
    const liveAt = Date.now() - 10 * MIN;
    await server.app.db.query(
      `insert into pings (courier_id, seq, t, received_at, lat, lng, cell)
       values ($1, 1, $2, $2, $3, $4, '89a8100c04bffff')`,
      [courier.id, new Date(liveAt).toISOString(), HUB.lat, HUB.lng],
    );
    const claimed = Date.now() - 40 * MIN;
    expect(await deliver(stopId, claimed)).toEqual({ ok: true });
    const at = await completedAt(stopId);
    expect(at).toBe(liveAt - 2 * MIN);
    expect(await clampOf(stopId)).toMatchObject({ deviceT: claimed, at, bound: 'live_fix' });
  });
});
