import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  ConsoleConfigSchema,
  CourierTrailSchema,
  IdParamsSchema,
  TrailQuerySchema,
} from '@dispatch/shared';
import type { Guard } from '../auth/guard';
import { errorResponses } from '../http/schemas';
import type { HubService } from '../hubs/hub-service';
import type { StreetGeoJSON, StreetNetwork } from '../streets/network';

export interface MapPluginOptions {
  guard: Guard;
  /** The first hub centres the map. */
  hubs: Pick<HubService, 'list'>;
  /** A courier's positions of the last minutes, oldest first. */
  trail: (courierId: number, minutes: number) => Promise<{ t: number; lat: number; lng: number }[]>;
  /** The street network to draw (the simulator's grid or an OSM extract), if any. */
  streets: StreetNetwork | null;
  /** `MAP_STYLE_URL`, when set. */
  mapStyleUrl: string | null;
  /** The console broadcast tick, ms. */
  tickMs: number;
}

/** What the console needs to draw its map: style, streets, a courier's trail. Who: anyone on the console. */
export const mapPlugin: FastifyPluginAsyncTypebox<MapPluginOptions> = async (
  app,
  { guard, hubs, trail, streets, mapStyleUrl, tickMs },
) => {
  const anyone = guard.console;
  let streetsJson: StreetGeoJSON | null = null;

  app.get(
    '/api/v1/config',
    {
      preHandler: anyone,
      schema: {
        tags: ['map'],
        summary: 'Console configuration: map style, street layer, centre, broadcast tick',
        response: { 200: ConsoleConfigSchema, ...errorResponses(401) },
      },
    },
    async () => {
      const [hub] = await hubs.list();
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
      };
    },
  );

  app.get(
    '/api/v1/map/streets',
    {
      preHandler: anyone,
      schema: {
        tags: ['map'],
        summary: 'The street network as GeoJSON lines (when the server has one)',
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
    '/api/v1/couriers/:id/trail',
    {
      preHandler: anyone,
      schema: {
        tags: ['map'],
        summary: "A courier's recent positions by device time, oldest first",
        params: IdParamsSchema,
        querystring: TrailQuerySchema,
        response: { 200: CourierTrailSchema, ...errorResponses(401) },
      },
    },
    async (request) => {
      const points = await trail(request.params.id, request.query.minutes);
      return { courierId: request.params.id, points };
    },
  );
};

function bboxCenter(network: StreetNetwork): { lat: number; lng: number } {
  const b = network.bbox;
  return { lat: (b.south + b.north) / 2, lng: (b.west + b.east) / 2 };
}
