import { expect } from 'vitest';
import { gridNetwork } from '../../server/src/streets/grid';
import { TestServer, makePings, type CourierClient } from '../helpers/test-server';
import { trackingToken } from '../helpers/tracking-client';
import { WEB_BUILD } from './harness';

const HOUR = 3_600_000;
export const ZONE = 'America/Campo_Grande';
const HUB = { lat: -20.4697, lng: -54.6201 };
/** A point `km` north-east of the hub. */
export const near = (km: number) => ({ lat: HUB.lat + km / 111.2, lng: HUB.lng + km / 104.2 });

/** Customers' stops by order reference: `T-100` on Rita's route after four others (`R-1`…`R-4`,
 * then `R-6`), `T-200` waiting at the hub, `T-300` on Ben's route (next-day tier), `T-400` a
 * Portuguese order waiting at the hub. */
const REFS = ['R-1', 'R-2', 'R-3', 'R-4', 'T-100', 'R-6', 'T-200', 'T-300', 'T-400'] as const;
export type StopRef = (typeof REFS)[number];

/**
 * A server serving the built console with streets around a hub in Campo Grande, whose supervisor
 * offers two delivery windows a day; two couriers on their phones, and customers' stops.
 */
export async function trackingWorld() {
  const streets = gridNetwork({ centerLat: HUB.lat, centerLng: HUB.lng, radiusMeters: 3000 });
  const server = await TestServer.start({ WEB_DIR: WEB_BUILD }, { streets });
  const admin = await server.login();
  const hubId = (
    await server.request<{ id: number }>('POST', '/api/v1/hubs', {
      cookie: admin,
      body: { name: 'Campo Grande', ...HUB, timezone: ZONE },
    })
  ).body.id;
  await server.request('POST', '/api/v1/users', {
    cookie: admin,
    body: {
      email: 'supervisor@example.com',
      name: 'Sol',
      role: 'supervisor',
      password: 'a-long-password',
      hubId,
    },
  });
  const supervisor = await server.login('supervisor@example.com', 'a-long-password');
  const slots = await server.request('PUT', `/api/v1/hubs/${hubId}/window-slots`, {
    cookie: supervisor,
    body: {
      slots: [
        { startMinute: 9 * 60, endMinute: 12 * 60, capacity: 4 },
        { startMinute: 14 * 60, endMinute: 17 * 60, capacity: 2 },
      ],
    },
  });
  expect(slots.status).toBe(200);

  const ritaCourier = await server.createCourier(admin, { name: 'Rita Alves', hubId });
  const benCourier = await server.createCourier(admin, { name: 'Ben Costa', hubId });
  const rita: CourierClient = await server.connectCourier(ritaCourier.deviceToken);
  const ben: CourierClient = await server.connectCourier(benCourier.deviceToken);
  let seq = 1;
  /** Rita's phone reports her `km` from the hub. */
  /** Rita's fix `km` out, taken `ageMs` ago by her phone's clock. */
  const ritaAt = async (km: number, ageMs = 100) => {
    const position = near(km);
    await rita
      .timeout(5000)
      .emitWithAck('pings', { pings: makePings(1, seq++, Date.now() - ageMs, position) });
    return position;
  };
  // Ten minutes before the test's moves: any of them is a plausible drive from here.
  await ritaAt(0.5, 10 * 60_000);

  const now = Date.now();
  const stop = (orderRef: StopRef, km: number, extra: object = {}) => ({
    orderRef,
    address: `Rua ${orderRef}, ${Math.round(km * 100)}`,
    ...near(km),
    hubId,
    windowStart: now,
    windowEnd: now + 8 * HOUR,
    ...extra,
  });
  const onRita = { courierId: ritaCourier.id };
  const created = await server.request<{ ids: number[] }>('POST', '/api/v1/stops', {
    cookie: admin,
    body: {
      stops: [
        stop('R-1', 0.8, onRita),
        stop('R-2', 1, onRita),
        stop('R-3', 1.2, onRita),
        stop('R-4', 1.4, onRita),
        stop('T-100', 2, { ...onRita, customerName: 'Ana Souza' }),
        stop('R-6', 2.4, onRita),
        stop('T-200', 1.5),
        stop('T-300', 1.8, { courierId: benCourier.id, slaTier: 'next_day' }),
        stop('T-400', 1.2),
      ],
    },
  });
  expect(created.status).toBe(201);
  const ids = Object.fromEntries(REFS.map((ref, i) => [ref, created.body.ids[i]!])) as Record<
    StopRef,
    number
  >;
  const tokens: Partial<Record<StopRef, string>> = {};
  for (const ref of REFS.filter((r) => r.startsWith('T-')))
    tokens[ref] = await trackingToken(server, ids[ref]);
  await server.app.db.query(`update stops set customer_language = 'pt-BR' where id = $1`, [
    ids['T-400'],
  ]);
  return { server, admin, rita, ben, ritaAt, ids, tokens };
}
