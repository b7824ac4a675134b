import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haversineMeters } from '@dispatch/shared';
import { startFleet, type SimulatedFleet } from '../../server/src/simulator/fleet';
import { gridNetwork } from '../../server/src/streets/grid';
import { TestServer, eventually, makePings, testFleetOptions } from '../helpers/test-server';

const HUB = { lat: -20.4697, lng: -54.6201 };
const AWAY = { lat: HUB.lat + 0.002, lng: HUB.lng };

describe('a simulated courier bringing a parcel back', () => {
  let server: TestServer;
  let fleet: SimulatedFleet | null = null;

  beforeAll(async () => {
    server = await TestServer.start();
  });
  afterAll(async () => {
    await fleet?.stop();
    await server?.stop();
  });

  it('drives it to the hub and checks it in there from its phone', async () => {
    const admin = await server.login();
    const hubId = (
      await server.request<{ id: number }>('POST', '/api/v1/hubs', {
        cookie: admin,
        body: { name: 'Centro', ...HUB },
      })
    ).body.id;
    const courier = await server.createCourier(admin, { vehicle: 'car', hubId });
    const now = Date.now();
    const [stopId] = (
      await server.request<{ ids: number[] }>('POST', '/api/v1/stops', {
        cookie: admin,
        body: {
          stops: [
            {
              orderRef: 'BACK',
              address: 'Rua 1',
              ...AWAY,
              hubId,
              courierId: courier.id,
              windowStart: now,
              windowEnd: now + 3_600_000,
            },
          ],
        },
      })
    ).body.ids;
    // At the customer's door, the parcel is refused: it goes back to the hub with the courier.
    const phone = await server.connectCourier(courier.deviceToken);
    await phone.timeout(5000).emitWithAck('pings', { pings: makePings(1, 1, now - 500, AWAY) });
    await phone
      .timeout(5000)
      .emitWithAck('stop:failed', { stopId: stopId!, reasonCode: 'refused' });
    await server.app.reattempts.settled();
    phone.disconnect();

    fleet = await startFleet(
      testFleetOptions(server, {
        network: gridNetwork({ centerLat: HUB.lat, centerLng: HUB.lng, radiusMeters: 2000 }),
      }),
    );
    const returned = await eventually(
      async () => {
        const [row] = await server.app.db.query<{ status: string }>(
          'select status from stops where id = $1',
          [stopId],
        );
        return row?.status === 'returned' ? row : undefined;
      },
      45_000,
      'the parcel to be checked in',
    );
    expect(returned.status).toBe('returned');
    const [checkIn] = await server.app.db.query<{ actor_type: string }>(
      `select actor_type from events where kind = 'stop.returned' and subject_id = $1`,
      [stopId],
    );
    expect(checkIn!.actor_type).toBe('courier');
    const at = server.app.fleet.get(courier.id)!.fix!;
    expect(haversineMeters(at.lat, at.lng, HUB.lat, HUB.lng)).toBeLessThan(60);
  });
});
