import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AttemptReport, PlanOutcome, RoutePayload, Stop } from '@dispatch/shared';
import { TestServer } from '../helpers/test-server';

const HOUR = 3_600_000;
const HUB = { lat: -20.46, lng: -54.61 };
const CUSTOMER = { lat: HUB.lat + 0.02, lng: HUB.lng + 0.02 };

describe('a customer return through the real server', () => {
  let server: TestServer;
  let admin: string;
  let hubId: number;
  const now = Date.now();
  const customerReturn = (over: object = {}) => ({
    kind: 'return_pickup',
    address: 'Rua 2',
    ...CUSTOMER,
    windowStart: now,
    windowEnd: now + 3 * HOUR,
    ...over,
  });
  const stop = async (id: number) =>
    (await server.request<Stop>('GET', `/api/v1/stops/${id}`, { cookie: admin })).body;
  const report = async () =>
    (
      await server.request<AttemptReport>('GET', `/api/v1/reports/attempts?hubId=${hubId}`, {
        cookie: admin,
      })
    ).body;

  beforeAll(async () => {
    server = await TestServer.start();
    admin = await server.login();
    hubId = (
      await server.request<{ id: number }>('POST', '/api/v1/hubs', {
        cookie: admin,
        body: { name: 'Devoluções', ...HUB },
      })
    ).body.id;
  });
  afterAll(() => server?.stop());

  it('needs a hub, where its parcel is brought back', async () => {
    const res = await server.request<{ details: { message: string }[] }>('POST', '/api/v1/stops', {
      cookie: admin,
      body: { stops: [customerReturn()] },
    });
    expect(res.status).toBe(400);
    expect(res.body.details[0]!.message).toContain('needs a hub');
  });

  it('is imported with its drop-off at the hub, planned as a pair and returned when dropped off', async () => {
    const cy = await server.createCourier(admin, { name: 'Cy', vehicle: 'car', hubId });
    const res = await server.request<{ ids: number[] }>('POST', '/api/v1/stops', {
      cookie: admin,
      body: { stops: [customerReturn({ hubId })] },
    });
    const [pickupId, dropOffId] = res.body.ids as [number, number];
    expect(await stop(dropOffId)).toMatchObject({
      kind: 'delivery',
      orderRef: `return-${pickupId}`,
      hubId,
      address: 'Devoluções',
      ...HUB,
      demand: 0,
    });
    expect((await stop(pickupId)).orderRef).toBe(`return-${pickupId}`);

    const plan = await server.request<PlanOutcome>('POST', `/api/v1/hubs/${hubId}/plan`, {
      cookie: admin,
      body: { timeLimitMs: 300 },
    });
    expect(plan.body.planned).toBe(2);
    const route = await server.request<RoutePayload>('GET', `/api/v1/couriers/${cy.id}/route`, {
      cookie: admin,
    });
    expect(route.body.stops.map((s) => s.id)).toEqual([pickupId, dropOffId]);

    const device = await server.connectCourier(cy.deviceToken);
    const deliver = (stopId: number) =>
      device.timeout(5000).emitWithAck('stop:delivered', { stopId });
    expect(await deliver(pickupId)).toEqual({ ok: true });
    await server.app.customerReturns.settled();
    // Picked up: the parcel rides back to the hub in Cy's car.
    expect(await report()).toMatchObject({ onTheWayBack: 1, returnedToday: 0 });
    expect((await stop(pickupId)).status).toBe('delivered');

    expect(await deliver(dropOffId)).toEqual({ ok: true });
    await server.app.customerReturns.settled();
    const [returned] = await server.app.db.query<{ status: string; returned_at: unknown }>(
      'select status, returned_at from stops where id = $1',
      [pickupId],
    );
    expect(returned!.status).toBe('returned');
    expect(returned!.returned_at).not.toBeNull();
    expect(await report()).toMatchObject({ failedTotal: 0, onTheWayBack: 0, returnedToday: 1 });
  });
});
