import { ANY_ROLE, SUPERVISORS, listed, scoped, type RouteRow, type RowContext } from './table';

const READERS = ['admin', 'supervisor', 'dispatcher'] as const;

/** The route versions of couriers A1 and A2 as they are now. */
async function versions({ asAdmin, world }: RowContext): Promise<Record<number, number>> {
  const out: Record<number, number> = {};
  for (const id of [world.courierA.id, world.courierA2.id])
    out[id] = (await asAdmin<{ version: number }>('GET', `/api/v1/couriers/${id}/route`)).version;
  return out;
}

/** A fresh plan preview of hub A (an allowed caller's accept or discard ends it). */
async function previewedPlan({ asAdmin, world }: RowContext): Promise<string> {
  const plan = await asAdmin<{ planId: string }>(
    'POST',
    `/api/v1/hubs/${world.hubA}/plan/preview`,
    {},
  );
  return plan.planId;
}

const since = () => Date.now() - 3_600_000;
const until = () => Date.now() + 60_000;

/** Alerts, suggestions, moves and plans, and what supervisors read about a hub's day. */
export const DISPATCH_ROWS: RouteRow[] = [
  {
    route: 'GET /api/v1/alerts',
    access: listed(ANY_ROLE),
    ok: [200],
    writes: [],
    request: () => ({ url: '/api/v1/alerts' }),
  },
  {
    route: 'POST /api/v1/alerts/{id}/ack',
    access: scoped(ANY_ROLE),
    ok: [200],
    why: 'acknowledging again answers the alert as it is',
    writes: ['alerts', 'events'],
    request: ({ world }) => ({ url: `/api/v1/alerts/${world.alertId}/ack` }),
  },
  {
    route: 'GET /api/v1/suggestions',
    access: listed(ANY_ROLE),
    ok: [200],
    writes: [],
    request: () => ({ url: '/api/v1/suggestions' }),
  },
  {
    route: 'POST /api/v1/suggestions/{id}/reject',
    access: scoped(ANY_ROLE),
    ok: [200, 409],
    why: 'the first allowed caller rejects it; a decided suggestion answers 409',
    writes: ['suggestions', 'events'],
    request: ({ world }) => ({ url: `/api/v1/suggestions/${world.suggestionId}/reject` }),
  },
  {
    route: 'POST /api/v1/suggestions/{id}/accept',
    access: scoped(ANY_ROLE),
    ok: [409],
    why: 'the suggestion was rejected by the row before: 409 past the guard',
    writes: ['suggestions', 'stops', 'couriers', 'events'],
    request: ({ world }) => ({ url: `/api/v1/suggestions/${world.suggestionId}/accept` }),
  },
  {
    route: 'POST /api/v1/stops/reassign',
    access: scoped(ANY_ROLE),
    ok: [200],
    writes: ['stops', 'couriers', 'events'],
    request: async (ctx) => ({
      url: '/api/v1/stops/reassign',
      body: {
        stopIds: [ctx.world.openStops[0]],
        toCourierId: ctx.world.courierA2.id,
        routeVersions: await versions(ctx),
      },
    }),
  },
  {
    route: 'POST /api/v1/couriers/{id}/resequence',
    access: scoped(ANY_ROLE),
    ok: [200],
    writes: ['stops', 'couriers', 'events'],
    request: async (ctx) => ({
      url: `/api/v1/couriers/${ctx.world.courierA.id}/resequence`,
      body: { routeVersion: (await versions(ctx))[ctx.world.courierA.id] },
    }),
  },
  {
    route: 'POST /api/v1/moves/preview',
    access: scoped(ANY_ROLE),
    ok: [200],
    writes: [],
    request: ({ world }) => ({
      url: '/api/v1/moves/preview',
      body: { stopIds: [world.routeStops[2]], toCourierId: world.courierA2.id },
    }),
  },
  {
    route: 'GET /api/v1/stops/{id}/candidates',
    access: scoped(ANY_ROLE),
    ok: [200],
    writes: [],
    request: ({ world }) => ({ url: `/api/v1/stops/${world.routeStops[2]}/candidates` }),
  },
  {
    route: 'POST /api/v1/hubs/{id}/plan/preview',
    access: scoped(ANY_ROLE),
    ok: [200],
    writes: [],
    request: ({ world }) => ({ url: `/api/v1/hubs/${world.hubA}/plan/preview`, body: {} }),
  },
  {
    route: 'POST /api/v1/hubs/{id}/plan/{planId}/accept',
    access: scoped(ANY_ROLE),
    ok: [200],
    writes: ['stops', 'couriers', 'events'],
    request: async (ctx) => ({
      url: `/api/v1/hubs/${ctx.world.hubA}/plan/${await previewedPlan(ctx)}/accept`,
      body: {},
    }),
  },
  {
    route: 'DELETE /api/v1/hubs/{id}/plan/{planId}',
    access: scoped(ANY_ROLE),
    ok: [204],
    writes: [],
    request: async (ctx) => ({
      url: `/api/v1/hubs/${ctx.world.hubA}/plan/${await previewedPlan(ctx)}`,
    }),
  },
  {
    route: 'POST /api/v1/hubs/{id}/plan',
    access: scoped(ANY_ROLE),
    ok: [200],
    writes: ['stops', 'couriers', 'events'],
    request: ({ world }) => ({ url: `/api/v1/hubs/${world.hubA}/plan`, body: {} }),
  },
  {
    route: 'GET /api/v1/kpi',
    access: listed(SUPERVISORS),
    ok: [200],
    writes: [],
    request: () => ({ url: '/api/v1/kpi' }),
  },
  ...(['export.csv', 'couriers-report', 'couriers-report.csv'] as const).map(
    (report): RouteRow => ({
      route: `GET /api/v1/hubs/{id}/${report}`,
      access: scoped(READERS),
      ok: [200],
      writes: [],
      request: ({ world }) => ({ url: `/api/v1/hubs/${world.hubA}/${report}` }),
    }),
  ),
  {
    route: 'GET /api/v1/replay',
    access: scoped(READERS),
    ok: [200],
    writes: [],
    request: ({ world }) => ({
      url: `/api/v1/replay?hubId=${world.hubA}&from=${since()}&to=${until()}`,
    }),
  },
  {
    route: 'GET /api/v1/events',
    access: listed(SUPERVISORS),
    ok: [200],
    writes: [],
    request: () => ({ url: '/api/v1/events' }),
  },
];
