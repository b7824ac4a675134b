import type { ApiKeyCreated } from '@dispatch/shared';
import { TINY_JPEG } from '../factories/tiny-images';
import { trackingToken } from '../helpers/tracking-client';
import { eventually, type TestServer } from '../helpers/test-server';

const HUB = { lat: -20.46, lng: -54.61, timezone: 'America/Campo_Grande' };
const HOUR_MS = 3_600_000;
const PASSWORD = 'Quiet-Harbor-Lantern-7421';

/** A courier and the device token of its phone. */
export interface Device {
  id: number;
  deviceToken: string;
}

/**
 * What the probes aim at: hub A with its couriers, stops, an alert, a suggestion, a shop and its
 * key, a webhook, a photo; hub B with a courier; and a victim of each kind for the routes that end
 * something (tokens, keys, users), so the callers' own credentials stay valid.
 */
export interface SecurityWorld {
  hubA: number;
  hubB: number;
  /** Courier A1, whose phone is the `deviceA` caller. */
  courierA: Device;
  /** Courier A2 of the same hub, whose phone is the `deviceOther` caller. */
  courierA2: Device;
  /** Courier A3, the one whose token, secret and pairing the probes change. */
  victimCourier: Device;
  courierB: Device;
  /** Stops on courier A1's route, then unassigned stops of hub A. */
  routeStops: number[];
  openStops: number[];
  alertId: number;
  suggestionId: number;
  shopId: number;
  /** The key of the `shopA` caller, and another one the revoke route takes. */
  shopKey: string;
  victimKeyId: number;
  webhookId: number;
  victimWebhookId: number;
  photoId: number;
  /** A delivery of a stop event to the webhook. */
  notificationId: number;
  trackingToken: string;
  /** A user of hub A whom the user route changes. */
  victimUserId: number;
  /** Sign-in details of each console caller. */
  accounts: Record<'admin' | 'supervisorA' | 'dispatcherA' | 'dispatcherB', [string, string]>;
}

async function ok<T>(
  server: TestServer,
  method: string,
  path: string,
  cookie: string,
  body?: unknown,
): Promise<T> {
  const res = await server.request<T>(method, path, { cookie, body });
  if (res.status >= 300)
    throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** A multipart photo upload body for `app.http.inject`. */
export async function photoUpload(): Promise<{ payload: Buffer; contentType: string }> {
  const form = new FormData();
  form.append('kind', 'photo');
  form.append('file', new Blob([TINY_JPEG], { type: 'image/jpeg' }), 'photo.jpg');
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    contentType: request.headers.get('content-type')!,
  };
}

/** Builds the world through the API as an admin would. */
export async function buildSecurityWorld(
  server: TestServer,
  admin: string,
  adminAccount: [string, string],
): Promise<SecurityWorld> {
  const hub = async (name: string) =>
    (await ok<{ id: number }>(server, 'POST', '/api/v1/hubs', admin, { name, ...HUB })).id;
  const hubA = await hub('Centro');
  const hubB = await hub('Norte');
  const user = async (email: string, role: string, hubId: number) =>
    (
      await ok<{ user: { id: number } }>(server, 'POST', '/api/v1/users', admin, {
        email,
        name: email.split('@')[0],
        role,
        hubId,
        password: PASSWORD,
      })
    ).user.id;
  await user('supervisor.a@example.com', 'supervisor', hubA);
  await user('dispatcher.a@example.com', 'dispatcher', hubA);
  await user('dispatcher.b@example.com', 'dispatcher', hubB);
  const victimUserId = await user('victim.a@example.com', 'dispatcher', hubA);
  const courierA = await server.createCourier(admin, { name: 'Ana', hubId: hubA });
  const courierA2 = await server.createCourier(admin, { name: 'Ari', hubId: hubA });
  const victimCourier = await server.createCourier(admin, { name: 'Vic', hubId: hubA });
  const courierB = await server.createCourier(admin, { name: 'Bia', hubId: hubB });
  const now = Date.now();
  const stop = (i: number, courierId?: number) => ({
    orderRef: `SEC-${i}`,
    address: `Rua ${i}`,
    customerName: `Cliente ${i}`,
    customerPhone: `+55 67 9000-00${10 + i}`,
    lat: HUB.lat + i * 0.001,
    lng: HUB.lng + i * 0.001,
    hubId: hubA,
    windowStart: now,
    windowEnd: now + 8 * HOUR_MS,
    ...(courierId ? { courierId } : {}),
  });
  const { ids } = await ok<{ ids: number[] }>(server, 'POST', '/api/v1/stops', admin, {
    stops: [1, 2, 3, 4].map((i) => stop(i, courierA.id)).concat([5, 6, 7, 8].map((i) => stop(i))),
  });
  const routeStops = ids.slice(0, 4);
  const openStops = ids.slice(4);
  const alert = await server.app.alerts.raise(
    'stalled',
    { courierId: courierA.id, hubId: hubA },
    'warning',
    {},
    { type: 'system' },
  );
  const [version] = await server.app.stops.routeVersions([courierA2.id]);
  const suggestion = await server.app.suggestions.create(
    {
      kind: 'reassign',
      stopIds: [openStops[0]!],
      fromCourierId: null,
      toCourierId: courierA2.id,
      fromRouteVersion: null,
      toRouteVersion: version?.version ?? 0,
      insertPosition: null,
      score: 1,
      explanation: 'closest courier',
    },
    { type: 'system' },
  );
  const shop = await ok<{ id: number }>(server, 'POST', '/api/v1/shops', admin, {
    hubId: hubA,
    name: 'Loja',
  });
  const keyPath = `/api/v1/shops/${shop.id}/api-keys`;
  const key = await ok<ApiKeyCreated>(server, 'POST', keyPath, admin, { name: 'Checkout' });
  const victimKey = await ok<ApiKeyCreated>(server, 'POST', keyPath, admin, { name: 'Old' });
  const webhook = async (path: string) =>
    (
      await ok<{ webhook: { id: number } }>(server, 'POST', '/api/v1/webhooks', admin, {
        hubId: hubA,
        url: `https://hooks.example/${path}`,
      })
    ).webhook.id;
  const webhookId = await webhook('kept');
  const victimWebhookId = await webhook('victim');
  // A stop made after the webhook: its `stop.created` event is queued for delivery.
  await ok(server, 'POST', '/api/v1/stops', admin, { stops: [stop(9)] });
  const notificationId = await eventually(async () => {
    const [row] = await server.app.db.query<{ id: number }>(
      'select id from notification_deliveries order by id limit 1',
    );
    return row?.id;
  });
  const upload = await photoUpload();
  const photo = await server.app.http.inject({
    method: 'POST',
    url: `/api/v1/device/stops/${routeStops[0]}/photos`,
    headers: {
      authorization: `Bearer ${courierA.deviceToken}`,
      'content-type': upload.contentType,
    },
    payload: upload.payload,
  });
  if (photo.statusCode !== 201) throw new Error(`photo upload: ${photo.statusCode} ${photo.body}`);
  return {
    hubA,
    hubB,
    courierA,
    courierA2,
    victimCourier,
    courierB,
    routeStops,
    openStops,
    alertId: alert.id,
    suggestionId: suggestion.id,
    shopId: shop.id,
    shopKey: key.key,
    victimKeyId: victimKey.apiKey.id,
    webhookId,
    victimWebhookId,
    notificationId,
    photoId: (photo.json() as { photoId: number }).photoId,
    trackingToken: await trackingToken(server, openStops[3]!),
    victimUserId,
    accounts: {
      admin: adminAccount,
      supervisorA: ['supervisor.a@example.com', PASSWORD],
      dispatcherA: ['dispatcher.a@example.com', PASSWORD],
      dispatcherB: ['dispatcher.b@example.com', PASSWORD],
    },
  };
}
