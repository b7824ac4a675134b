import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import {
  ConsoleConfigSchema,
  CourierTrailSchema,
  DomainError,
  GlyphParamsSchema,
  IdParamsSchema,
  RoutePathSchema,
  TrailQuerySchema,
} from '@dispatch/shared';
import type { Guard } from '../auth/guard';
import type { HubScope } from '../auth/hub-scope';
import type { CourierService } from '../couriers/courier-service';
import { errorResponses } from '../http/schemas';
import type { HubService } from '../hubs/hub-service';
import type { DeviceTokens } from '../ingest/courier-gateway';
import { consoleOrDevice } from '../pairing/device-auth';
import type { StreetGeoJSON, StreetNetwork } from '../streets/network';
import type { GlyphFolder } from './glyph-folder';
import type { RoutePaths } from './route-paths';

/** Where the offline style asks for glyph ranges (MapLibre fills in the two placeholders). */
export const GLYPHS_URL = '/api/v1/map/glyphs/{fontstack}/{range}.pbf';

export interface MapPluginOptions {
  guard: Guard;
  /** Paired devices read the style, streets and glyphs too, to draw the courier app's map. */
  devices: DeviceTokens;
  /** Whose a courier is: its trail and route path are shown within the user's hub scope. */
  couriers: Pick<CourierService, 'get'>;
  /** The first hub centres the map. */
  hubs: Pick<HubService, 'list'>;
  /** A courier's positions of the last minutes, oldest first. */
  trail: (courierId: number, minutes: number) => Promise<{ t: number; lat: number; lng: number }[]>;
  /** The street network to draw (the simulator's grid or an OSM extract), if any. */
  streets: StreetNetwork | null;
  /** `MAP_STYLE_URL`, when set. */
  mapStyleUrl: string | null;
  /** Couriers' remaining routes as legs along the streets (or straight without a road graph). */
  routePaths: RoutePaths;
  /** `MAP_GLYPHS_DIR`: label glyphs for the offline style, when set. */
  glyphs: GlyphFolder | null;
  /** The console broadcast tick, ms. */
  tickMs: number;
}

/**
 * What the console needs to draw its map: style, streets, label glyphs, a courier's trail and
 * its route along the streets. Who: anyone on the console (a courier's trail and route only within
 * their hub scope); the configuration, streets and glyphs also a paired device with its token as
 * bearer (the courier app's map).
 */
export const mapPlugin: FastifyPluginAsyncTypebox<MapPluginOptions> = async (
  app,
  { guard, devices, couriers, hubs, trail, streets, mapStyleUrl, routePaths, glyphs, tickMs },
) => {
  /** Refuses a courier that does not exist or is out of `scope` (`not_found`). */
  const checkCourier = async (courierId: number, scope: HubScope) => {
    const row = await couriers.get(courierId);
    if (!row) throw new DomainError('not_found', `courier ${courierId} does not exist`);
    scope.assert(row.hubId, { type: 'courier', id: courierId });
  };
  const anyone = guard.console;
  const anyoneOrDevice = consoleOrDevice(guard.console, devices);
  /** Either credential: a console session, or a device token as bearer. */
  const sessionOrDevice: Record<string, string[]>[] = [{ session: [] }, { deviceToken: [] }];
  let streetsJson: StreetGeoJSON | null = null;

  app.get(
    '/api/v1/config',
    {
      onRequest: anyoneOrDevice,
      schema: {
        tags: ['map'],
        summary:
          'Map configuration: style, street layer, centre, broadcast tick (console session or device token)',
        security: sessionOrDevice,
        response: { 200: ConsoleConfigSchema, ...errorResponses(401) },
      },
    },
    async (request) => {
      // A user bound to a hub starts at their hub; others (and devices) at the first one.
      const list = await hubs.list();
      const hub = request.user ? list.find((h) => request.scope.has(h.id)) : list[0];
      const center = hub
        ? { lat: hub.lat, lng: hub.lng }
        : streets
          ? bboxCenter(streets)
          : { lat: 0, lng: 0 };
      return {
        mapStyleUrl,
        streetsUrl: streets ? '/api/v1/map/streets' : null,
        center,
        tickMs,
        glyphs:
          glyphs && glyphs.fonts.length > 0 ? { url: GLYPHS_URL, fonts: [...glyphs.fonts] } : null,
      };
    },
  );

  app.get(
    '/api/v1/map/streets',
    {
      onRequest: anyoneOrDevice,
      schema: {
        tags: ['map'],
        summary:
          'The street network as GeoJSON lines, when the server has one (console session or device token)',
        security: sessionOrDevice,
      },
    },
    async (_request, reply) => {
      if (!streets)
        return reply
          .status(404)
          .send({ code: 'not_found', message: 'this server has no street network' });
      streetsJson ??= streets.toGeoJSON();
      reply.header('cache-control', 'private, max-age=3600');
      return streetsJson;
    },
  );

  app.get(
    '/api/v1/map/glyphs/:fontstack/:range',
    {
      onRequest: anyoneOrDevice,
      schema: {
        tags: ['map'],
        summary:
          'One range of label glyphs (SDF PBF) for the offline style, from MAP_GLYPHS_DIR (console session or device token)',
        security: sessionOrDevice,
        params: GlyphParamsSchema,
        response: {
          200: Type.Unsafe<Uint8Array>({ description: 'SDF glyphs as a protocol buffer' }),
          ...errorResponses(400, 401, 404),
        },
      },
    },
    async (request, reply) => {
      const { fontstack, range } = request.params;
      if (!glyphs) throw new DomainError('not_found', 'this server has no glyph folder');
      const pbf = await glyphs.range(fontstack, range);
      if (!pbf) throw new DomainError('not_found', `no glyphs ${range} for ${fontstack}`);
      reply.header('content-type', 'application/x-protobuf');
      reply.header('cache-control', 'private, max-age=86400');
      return reply.send(pbf);
    },
  );

  app.get(
    '/api/v1/couriers/:id/route/path',
    {
      onRequest: anyone,
      schema: {
        tags: ['map'],
        summary:
          "The next legs of a courier's remaining route, along the streets when the server has a road graph",
        description: 'Dispatchers, supervisors, admins; a courier of their own hub or of no hub.',
        params: IdParamsSchema,
        response: { 200: RoutePathSchema, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      await checkCourier(request.params.id, request.scope);
      return routePaths.pathOf(request.params.id);
    },
  );

  app.get(
    '/api/v1/couriers/:id/trail',
    {
      onRequest: anyone,
      schema: {
        tags: ['map'],
        summary: "A courier's recent positions by device time, oldest first",
        description: 'Dispatchers, supervisors, admins; a courier of their own hub or of no hub.',
        params: IdParamsSchema,
        querystring: TrailQuerySchema,
        response: { 200: CourierTrailSchema, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      await checkCourier(request.params.id, request.scope);
      const points = await trail(request.params.id, request.query.minutes);
      return { courierId: request.params.id, points };
    },
  );
};

function bboxCenter(network: StreetNetwork): { lat: number; lng: number } {
  const b = network.bbox;
  return { lat: (b.south + b.north) / 2, lng: (b.west + b.east) / 2 };
}
