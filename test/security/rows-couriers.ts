import { makePings } from '../helpers/test-server';
import { freshAddress } from './callers';
import { ADMINS, ANY_ROLE, listed, scoped, type RouteRow } from './table';
import { photoUpload } from './world';

let seq = 1000;

/** Couriers, their device credentials, the devices' own routes, the map. */
export const COURIER_ROWS: RouteRow[] = [
  {
    route: 'POST /api/v1/couriers',
    access: listed(ADMINS),
    ok: [201],
    writes: ['couriers', 'events'],
    request: ({ world }) => ({
      url: '/api/v1/couriers',
      body: { name: 'New', vehicle: 'bike', hubId: world.hubA },
    }),
  },
  {
    route: 'GET /api/v1/couriers',
    access: listed(ANY_ROLE),
    ok: [200],
    writes: [],
    request: () => ({ url: '/api/v1/couriers' }),
  },
  {
    route: 'GET /api/v1/couriers/{id}',
    access: scoped(ANY_ROLE),
    ok: [200],
    writes: [],
    request: ({ world }) => ({ url: `/api/v1/couriers/${world.courierA.id}` }),
  },
  {
    route: 'PATCH /api/v1/couriers/{id}',
    access: scoped(ADMINS),
    ok: [200],
    writes: ['couriers', 'events'],
    request: ({ world }) => ({
      url: `/api/v1/couriers/${world.courierA.id}`,
      body: { capacity: 30 },
    }),
  },
  {
    route: 'POST /api/v1/couriers/{id}/token',
    access: scoped(ADMINS),
    ok: [200, 201],
    writes: ['couriers', 'events'],
    request: ({ world }) => ({ url: `/api/v1/couriers/${world.victimCourier.id}/token` }),
  },
  {
    route: 'DELETE /api/v1/couriers/{id}/token',
    access: scoped(ANY_ROLE),
    ok: [204],
    why: 'any console user may sign a courier’s phone out; revoking again changes nothing',
    writes: ['couriers', 'events'],
    request: ({ world }) => ({ url: `/api/v1/couriers/${world.victimCourier.id}/token` }),
  },
  {
    route: 'POST /api/v1/couriers/{id}/osmand-secret',
    access: scoped(ADMINS),
    ok: [200, 201],
    writes: ['couriers', 'events'],
    request: ({ world }) => ({ url: `/api/v1/couriers/${world.victimCourier.id}/osmand-secret` }),
  },
  {
    route: 'DELETE /api/v1/couriers/{id}/osmand-secret',
    access: scoped(ADMINS),
    ok: [200, 204],
    writes: ['couriers', 'events'],
    request: ({ world }) => ({ url: `/api/v1/couriers/${world.victimCourier.id}/osmand-secret` }),
  },
  {
    route: 'POST /api/v1/couriers/{id}/pairing',
    access: scoped(ANY_ROLE),
    ok: [201],
    writes: ['pairing_codes', 'events'],
    request: ({ world }) => ({ url: `/api/v1/couriers/${world.victimCourier.id}/pairing` }),
  },
  {
    route: 'POST /api/v1/device/pair',
    access: { by: 'anyone' },
    ok: [200, 201],
    why: 'the one-time code is the credential: each caller brings a fresh code for the victim courier',
    writes: ['couriers', 'pairing_codes', 'events'],
    request: async ({ asAdmin, world }) => {
      const made = await asAdmin<{ code: string }>(
        'POST',
        `/api/v1/couriers/${world.victimCourier.id}/pairing`,
      );
      return {
        url: '/api/v1/device/pair',
        headers: { 'x-forwarded-for': freshAddress() },
        body: { code: made.code },
      };
    },
  },
  {
    route: 'GET /api/v1/device/me',
    access: { by: 'device', otherDevice: 'allowed' },
    ok: [200],
    writes: [],
    request: () => ({ url: '/api/v1/device/me' }),
  },
  {
    route: 'POST /api/v1/device/stops/{id}/photos',
    access: { by: 'device', otherDevice: 403 },
    ok: [201],
    why: 'another courier’s phone is refused the stop as not on its route (403, as the courier socket)',
    writes: ['stop_photos'],
    request: async ({ world }) => {
      const { payload, contentType } = await photoUpload();
      return { url: `/api/v1/device/stops/${world.routeStops[0]}/photos`, payload, contentType };
    },
  },
  {
    route: 'POST /api/v1/pings',
    access: { by: 'device', otherDevice: 'allowed' },
    ok: [200],
    why: 'each phone sends its own courier’s fixes',
    writes: ['pings'],
    request: () => ({ url: '/api/v1/pings', body: { pings: makePings(1, (seq += 1)) } }),
  },
  {
    route: 'GET /api/v1/config',
    access: { by: 'sessionOrDevice' },
    ok: [200],
    writes: [],
    request: () => ({ url: '/api/v1/config' }),
  },
  {
    route: 'GET /api/v1/map/streets',
    access: { by: 'sessionOrDevice' },
    ok: [404],
    why: 'this server has no street network (404 past the guard)',
    writes: [],
    request: () => ({ url: '/api/v1/map/streets' }),
  },
  {
    route: 'GET /api/v1/map/glyphs/{fontstack}/{range}',
    access: { by: 'sessionOrDevice' },
    ok: [404],
    why: 'this server has no MAP_GLYPHS_DIR (404 past the guard)',
    writes: [],
    request: () => ({ url: '/api/v1/map/glyphs/Noto%20Sans%20Regular/0-255.pbf' }),
  },
  {
    route: 'GET /api/v1/couriers/{id}/route/path',
    access: scoped(ANY_ROLE),
    ok: [200],
    writes: [],
    request: ({ world }) => ({ url: `/api/v1/couriers/${world.courierA.id}/route/path` }),
  },
  {
    route: 'GET /api/v1/couriers/{id}/trail',
    access: scoped(ANY_ROLE),
    ok: [200],
    writes: [],
    request: ({ world }) => ({ url: `/api/v1/couriers/${world.courierA.id}/trail?minutes=30` }),
  },
];
