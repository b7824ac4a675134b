import { freshAddress } from './callers';
import type { SecurityWorld } from './world';
import { ANY_ROLE, SUPERVISORS, listed, scoped, type RouteRow } from './table';

const IMPORTERS = ['admin', 'dispatcher'] as const;
let made = 0;
const newStop = (w: SecurityWorld) => ({
  orderRef: `NEW-${++made}`,
  address: 'Rua Nova',
  lat: -20.46,
  lng: -54.61,
  windowStart: Date.now(),
  windowEnd: Date.now() + 3_600_000,
  hubId: w.hubA,
});
const CSV_HEADER = 'order_ref,address,lat,lng,window_start,window_end';
const csv = () => {
  const start = new Date(Date.now()).toISOString();
  const end = new Date(Date.now() + 3_600_000).toISOString();
  return `${CSV_HEADER}\nCSV-${++made},Rua CSV,-20.46,-54.61,${start},${end}\n`;
};

/** Stops, their proof and failed attempts, the tracking page and a hub's windows. */
export const STOP_ROWS: RouteRow[] = [
  {
    route: 'POST /api/v1/stops',
    access: scoped(IMPORTERS),
    ok: [201],
    writes: ['stops', 'events'],
    request: ({ world }) => ({ url: '/api/v1/stops', body: { stops: [newStop(world)] } }),
  },
  {
    route: 'POST /api/v1/stops/import',
    access: scoped(IMPORTERS),
    ok: [201],
    writes: ['stops', 'events'],
    request: ({ world }) => ({
      url: `/api/v1/stops/import?hubId=${world.hubA}`,
      payload: csv(),
      contentType: 'text/csv',
    }),
  },
  {
    route: 'POST /api/v1/stops/import/preview',
    access: scoped(IMPORTERS),
    ok: [200],
    writes: [],
    request: ({ world }) => ({
      url: `/api/v1/stops/import/preview?hubId=${world.hubA}`,
      payload: csv(),
      contentType: 'text/csv',
    }),
  },
  {
    route: 'GET /api/v1/stops',
    access: listed(ANY_ROLE),
    ok: [200],
    writes: [],
    request: () => ({ url: '/api/v1/stops' }),
  },
  {
    route: 'GET /api/v1/stops/{id}',
    access: scoped(ANY_ROLE),
    ok: [200],
    writes: [],
    request: ({ world }) => ({ url: `/api/v1/stops/${world.openStops[1]}` }),
  },
  {
    route: 'PATCH /api/v1/stops/{id}',
    access: scoped(ANY_ROLE),
    ok: [200],
    writes: ['stops', 'events'],
    request: ({ world }) => ({
      url: `/api/v1/stops/${world.openStops[1]}`,
      body: { address: `Rua ${++made}` },
    }),
  },
  {
    route: 'POST /api/v1/stops/{id}/cancel',
    access: scoped(ANY_ROLE),
    ok: [200, 409],
    why: 'the first allowed caller cancels it; a cancelled stop cannot be cancelled again (409)',
    writes: ['stops', 'couriers', 'events'],
    request: ({ world }) => ({ url: `/api/v1/stops/${world.openStops[2]}/cancel` }),
  },
  {
    route: 'POST /api/v1/stops/hub',
    access: scoped(ANY_ROLE),
    ok: [200],
    writes: ['stops', 'events'],
    request: ({ world }) => ({
      url: '/api/v1/stops/hub',
      body: { stopIds: [world.openStops[1]], hubId: world.hubA },
    }),
  },
  {
    route: 'GET /api/v1/couriers/{id}/route',
    access: scoped(ANY_ROLE),
    ok: [200],
    writes: [],
    request: ({ world }) => ({ url: `/api/v1/couriers/${world.courierA.id}/route` }),
  },
  {
    route: 'GET /api/v1/stops/{id}/proof',
    access: scoped(ANY_ROLE),
    ok: [200],
    writes: [],
    request: ({ world }) => ({ url: `/api/v1/stops/${world.routeStops[0]}/proof` }),
  },
  {
    route: 'GET /api/v1/stop-proofs',
    access: listed(ANY_ROLE),
    ok: [200],
    writes: [],
    request: () => ({ url: `/api/v1/stop-proofs?since=${Date.now() - 3_600_000}` }),
  },
  {
    route: 'GET /api/v1/stop-photos/{id}',
    access: scoped(ANY_ROLE),
    ok: [200],
    writes: [],
    request: ({ world }) => ({ url: `/api/v1/stop-photos/${world.photoId}` }),
  },
  {
    route: 'GET /api/v1/hubs/{id}/attempt-policies',
    access: scoped(ANY_ROLE),
    ok: [200],
    writes: [],
    request: ({ world }) => ({ url: `/api/v1/hubs/${world.hubA}/attempt-policies` }),
  },
  {
    route: 'PUT /api/v1/hubs/{id}/attempt-policies',
    access: scoped(SUPERVISORS),
    ok: [200],
    writes: ['attempt_policies', 'events'],
    request: ({ world }) => ({
      url: `/api/v1/hubs/${world.hubA}/attempt-policies`,
      body: {
        policies: [
          { slaTier: 'same_day', retrySameDay: true, moveToNextDay: true, maxAttempts: 3 },
        ],
      },
    }),
  },
  {
    route: 'POST /api/v1/stops/{id}/returned',
    access: scoped(ANY_ROLE),
    ok: [403],
    why: 'past the guard, the stop’s lifecycle refuses it: an assigned stop is not on its way back',
    writes: ['stops', 'events'],
    request: ({ world }) => ({ url: `/api/v1/stops/${world.routeStops[1]}/returned` }),
  },
  {
    route: 'GET /api/v1/reports/attempts',
    access: scoped(SUPERVISORS),
    ok: [200],
    writes: [],
    request: ({ world }) => ({ url: `/api/v1/reports/attempts?hubId=${world.hubA}` }),
  },
  {
    route: 'GET /api/v1/stops/{id}/tracking-link',
    access: scoped(ANY_ROLE),
    ok: [200],
    writes: ['stops'],
    request: ({ world }) => ({ url: `/api/v1/stops/${world.openStops[3]}/tracking-link` }),
  },
  {
    route: 'GET /api/v1/hubs/{id}/window-slots',
    access: scoped(ANY_ROLE),
    ok: [200],
    writes: [],
    request: ({ world }) => ({ url: `/api/v1/hubs/${world.hubA}/window-slots` }),
  },
  {
    route: 'PUT /api/v1/hubs/{id}/window-slots',
    access: scoped(SUPERVISORS),
    ok: [200],
    writes: ['hub_window_slots', 'events'],
    request: ({ world }) => ({
      url: `/api/v1/hubs/${world.hubA}/window-slots`,
      body: { slots: [{ startMinute: 540, endMinute: 720, capacity: 20 }] },
    }),
  },
  // The tracking page: the link's token is the customer's only credential, whoever calls.
  ...(
    [
      ['GET /api/v1/track/{token}', '', [200], []],
      ['GET /api/v1/track/{token}/reschedule-options', '/reschedule-options', [200], []],
      ['GET /api/v1/track/{token}/map', '/map', [200], []],
      ['GET /api/v1/track/{token}/streets', '/streets', [404], []],
    ] as const
  ).map(([route, tail, ok, writes]): RouteRow => ({
    route,
    access: { by: 'anyone' },
    ok,
    ...(tail === '/streets' ? { why: 'this server has no street network' } : {}),
    writes,
    request: ({ world }) => ({
      url: `/api/v1/track/${world.trackingToken}${tail}`,
      headers: { 'x-forwarded-for': freshAddress() },
    }),
  })),
  {
    route: 'PUT /api/v1/track/{token}/instructions',
    access: { by: 'anyone' },
    ok: [200],
    writes: ['stops', 'events'],
    request: ({ world }) => ({
      url: `/api/v1/track/${world.trackingToken}/instructions`,
      headers: { 'x-forwarded-for': freshAddress() },
      body: { kind: 'safe_place', text: 'Behind the gate' },
    }),
  },
  {
    route: 'POST /api/v1/track/{token}/reschedule',
    access: { by: 'anyone' },
    ok: [200, 409],
    why: 'collecting at the hub is taken once; asking again answers 409',
    writes: ['stops', 'events'],
    request: ({ world }) => ({
      url: `/api/v1/track/${world.trackingToken}/reschedule`,
      headers: { 'x-forwarded-for': freshAddress() },
      body: { collectAtHub: true },
    }),
  },
];
