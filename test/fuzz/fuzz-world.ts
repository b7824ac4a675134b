import type { ApiKeyCreated, ConsoleUser } from '@dispatch/shared';
import { trackingToken } from '../helpers/tracking-client';
import type { TestServer } from '../helpers/test-server';

const HUB = { lat: -20.46, lng: -54.61, timezone: 'America/Campo_Grande' };
const HOUR_MS = 3_600_000;

/** What the fuzzers aim at: two hubs, couriers with devices, stops on a route, an alert, a shop. */
export interface FuzzWorld {
  adminCookie: string;
  adminId: number;
  hubIds: number[];
  courier: { id: number; deviceToken: string; externalDeviceId: string };
  otherCourier: { id: number; deviceToken: string };
  /** Stops on `courier`'s route, then unassigned ones. */
  stopIds: number[];
  alertId: number;
  shopKey: string;
  trackingToken: string;
}

async function created<T>(
  server: TestServer,
  path: string,
  cookie: string,
  body: unknown,
): Promise<T> {
  const res = await server.request<T>('POST', path, { cookie, body });
  if (res.status !== 201 && res.status !== 200)
    throw new Error(`POST ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Builds the world through the API as an admin would. */
export async function buildFuzzWorld(server: TestServer): Promise<FuzzWorld> {
  const adminCookie = await server.login();
  const me = await server.request<ConsoleUser>('GET', '/api/v1/auth/me', { cookie: adminCookie });
  const hubIds: number[] = [];
  for (const name of ['Centro', 'Norte'])
    hubIds.push(
      (await created<{ id: number }>(server, '/api/v1/hubs', adminCookie, { name, ...HUB })).id,
    );
  const externalDeviceId = 'fuzz-tracker-1';
  const courier = await server.createCourier(adminCookie, { hubId: hubIds[0], externalDeviceId });
  const otherCourier = await server.createCourier(adminCookie, { hubId: hubIds[1] });
  const now = Date.now();
  const stop = (i: number, courierId?: number) => ({
    orderRef: `FZ-${i}`,
    address: `Rua ${i}`,
    customerName: `Cliente ${i}`,
    customerPhone: `+55 67 9000-00${10 + i}`,
    lat: HUB.lat + i * 0.001,
    lng: HUB.lng + i * 0.001,
    hubId: hubIds[0],
    windowStart: now,
    windowEnd: now + 8 * HOUR_MS,
    ...(courierId ? { courierId } : {}),
  });
  const { ids: stopIds } = await created<{ ids: number[] }>(server, '/api/v1/stops', adminCookie, {
    stops: [1, 2, 3, 4].map((i) => stop(i, courier.id)).concat([5, 6].map((i) => stop(i))),
  });
  const alert = await server.app.alerts.raise(
    'stalled',
    { courierId: courier.id },
    'warning',
    {},
    { type: 'system' },
  );
  const shop = await created<{ id: number }>(server, '/api/v1/shops', adminCookie, {
    hubId: hubIds[0],
    name: 'Loja',
  });
  const key = await created<ApiKeyCreated>(
    server,
    `/api/v1/shops/${shop.id}/api-keys`,
    adminCookie,
    { name: 'Checkout' },
  );
  return {
    adminCookie,
    adminId: me.body.id,
    hubIds,
    courier: { ...courier, externalDeviceId },
    otherCourier,
    stopIds,
    alertId: alert.id,
    shopKey: key.key,
    trackingToken: await trackingToken(server, stopIds[4]!),
  };
}
