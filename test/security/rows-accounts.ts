import { freshAddress } from './callers';
import { ADMINS, ANY_ROLE, SUPERVISORS, listed, scoped, type RouteRow } from './table';

const HUB = { lat: -20.46, lng: -54.61 };
let made = 0;
/** A name no earlier request used (each allowed caller creates its own user, hub, shop…). */
const unique = (what: string) => `${what}-${++made}`;

/** Health, sign-in, users, hubs, shops and their keys, orders, webhooks and deliveries. */
export const ACCOUNT_ROWS: RouteRow[] = [
  // Process health: anyone (a load balancer, a scraper from this host).
  {
    route: 'GET /healthz',
    access: { by: 'anyone' },
    ok: [200],
    writes: [],
    request: () => ({ url: '/healthz' }),
  },
  {
    route: 'GET /readyz',
    access: { by: 'anyone' },
    ok: [200],
    writes: [],
    request: () => ({ url: '/readyz' }),
  },
  {
    route: 'GET /metrics',
    access: { by: 'anyone' },
    ok: [200],
    why: 'no METRICS_TOKEN is set and the scrape comes from this host',
    writes: [],
    request: () => ({ url: '/metrics' }),
  },
  {
    route: 'POST /api/v1/auth/login',
    access: { by: 'anyone' },
    ok: [200],
    writes: ['sessions'],
    request: ({ world }) => ({
      url: '/api/v1/auth/login',
      headers: { 'x-forwarded-for': freshAddress() },
      body: { email: world.accounts.dispatcherA[0], password: world.accounts.dispatcherA[1] },
    }),
  },
  {
    route: 'POST /api/v1/auth/logout',
    access: { by: 'anyone' },
    ok: [204],
    why: 'signing out works without a session too: it ends whatever session the cookie names',
    writes: ['sessions'],
    request: () => ({ url: '/api/v1/auth/logout' }),
    endsSessions: true,
  },
  {
    route: 'GET /api/v1/auth/me',
    access: listed(ANY_ROLE),
    ok: [200],
    writes: [],
    request: () => ({ url: '/api/v1/auth/me' }),
  },
  {
    route: 'GET /api/v1/users',
    access: listed(ADMINS),
    ok: [200],
    writes: [],
    request: () => ({ url: '/api/v1/users' }),
  },
  {
    route: 'POST /api/v1/users',
    access: listed(ADMINS),
    ok: [201],
    writes: ['users', 'events'],
    request: ({ world }) => ({
      url: '/api/v1/users',
      body: {
        email: `${unique('user')}@example.com`,
        name: 'New',
        role: 'dispatcher',
        hubId: world.hubA,
        password: 'Quiet-Harbor-Lantern-7421',
      },
    }),
  },
  {
    route: 'PATCH /api/v1/users/{id}',
    access: listed(ADMINS),
    ok: [200],
    writes: ['users', 'sessions', 'events'],
    request: ({ world }) => ({
      url: `/api/v1/users/${world.victimUserId}`,
      body: { name: unique('renamed') },
    }),
  },
  {
    route: 'GET /api/v1/hubs',
    access: listed(ANY_ROLE),
    ok: [200],
    writes: [],
    request: () => ({ url: '/api/v1/hubs' }),
  },
  {
    route: 'POST /api/v1/hubs',
    access: listed(ADMINS),
    ok: [201],
    writes: ['hubs', 'events'],
    request: () => ({ url: '/api/v1/hubs', body: { name: unique('hub'), ...HUB } }),
  },
  {
    route: 'PATCH /api/v1/hubs/{id}',
    access: scoped(SUPERVISORS),
    ok: [200],
    writes: ['hubs', 'events'],
    request: ({ world }) => ({ url: `/api/v1/hubs/${world.hubA}`, body: { onTimeTarget: 0.9 } }),
  },
  {
    route: 'POST /api/v1/shops',
    access: listed(ADMINS),
    ok: [201],
    writes: ['shops', 'events'],
    request: ({ world }) => ({
      url: '/api/v1/shops',
      body: { hubId: world.hubA, name: unique('shop') },
    }),
  },
  {
    route: 'GET /api/v1/shops',
    access: listed(ADMINS),
    ok: [200],
    writes: [],
    request: () => ({ url: '/api/v1/shops' }),
  },
  {
    route: 'POST /api/v1/shops/{id}/api-keys',
    access: listed(ADMINS),
    ok: [201],
    writes: ['api_keys', 'events'],
    request: ({ world }) => ({
      url: `/api/v1/shops/${world.shopId}/api-keys`,
      body: { name: 'More' },
    }),
  },
  {
    route: 'GET /api/v1/shops/{id}/api-keys',
    access: listed(ADMINS),
    ok: [200],
    writes: [],
    request: ({ world }) => ({ url: `/api/v1/shops/${world.shopId}/api-keys` }),
  },
  {
    route: 'DELETE /api/v1/api-keys/{id}',
    access: listed(ADMINS),
    ok: [200, 204],
    writes: ['api_keys', 'events'],
    request: ({ world }) => ({ url: `/api/v1/api-keys/${world.victimKeyId}` }),
  },
  {
    route: 'POST /api/v1/orders',
    access: { by: 'shopKey' },
    ok: [201],
    writes: ['stops', 'notification_events', 'events'],
    request: () => ({
      url: '/api/v1/orders',
      headers: { 'idempotency-key': unique('order') },
      body: {
        reference: unique('order'),
        customer: { name: 'Carla' },
        address: 'Rua 9',
        ...HUB,
        windowStart: Date.now(),
        windowEnd: Date.now() + 4 * 3_600_000,
      },
    }),
  },
  {
    route: 'POST /api/v1/webhooks',
    access: listed(ADMINS),
    ok: [201],
    writes: ['webhooks', 'events'],
    request: ({ world }) => ({
      url: '/api/v1/webhooks',
      body: { hubId: world.hubA, url: `https://hooks.example/${unique('hook')}` },
    }),
  },
  {
    route: 'GET /api/v1/webhooks',
    access: listed(ADMINS),
    ok: [200],
    writes: [],
    request: () => ({ url: '/api/v1/webhooks' }),
  },
  {
    route: 'DELETE /api/v1/webhooks/{id}',
    access: listed(ADMINS),
    ok: [200, 204],
    writes: ['webhooks', 'events'],
    request: ({ world }) => ({ url: `/api/v1/webhooks/${world.victimWebhookId}` }),
  },
  {
    route: 'GET /api/v1/notifications',
    access: scoped(ANY_ROLE),
    ok: [200],
    why: 'one stop’s deliveries: every console role of its hub (the whole log is for admins)',
    writes: [],
    request: ({ world }) => ({ url: `/api/v1/notifications?stopId=${world.openStops[3]}` }),
  },
  {
    route: 'POST /api/v1/notifications/{id}/resend',
    access: listed(ADMINS),
    ok: [200, 409],
    why: 'a delivery still waiting for its first try cannot be sent again (409): past the guard',
    writes: ['notification_deliveries', 'events'],
    request: ({ world }) => ({ url: `/api/v1/notifications/${world.notificationId}/resend` }),
  },
];
