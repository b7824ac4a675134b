import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { CONSOLE_ROLES, requireRole } from '../http/auth-hooks';
import { errorResponses, IdParams } from '../http/schemas';
import type { Services } from '../services';
import type { StreetGeoJSON, StreetNetwork } from '../streets/network';

/** What the console needs to draw its map: style, streets, a courier's trail. */
export const mapRoutes: FastifyPluginAsyncTypebox<{
  services: Services;
  streets: StreetNetwork | null;
}> = async (app, { services, streets }) => {
  const anyone = requireRole(services.auth, ...CONSOLE_ROLES);
  let streetsJson: StreetGeoJSON | null = null;

  app.get(
    '/api/v1/config',
    {
      preHandler: anyone,
      schema: {
        tags: ['map'],
        summary: 'Console configuration: map style, street layer, centre, broadcast tick',
        response: {
          200: Type.Object({
            mapStyleUrl: Type.Union([Type.String(), Type.Null()]),
            streetsUrl: Type.Union([Type.String(), Type.Null()]),
            center: Type.Object({ lat: Type.Number(), lng: Type.Number() }),
            tickMs: Type.Integer(),
          }),
          ...errorResponses(401),
        },
      },
    },
    async () => {
      const [hub] = await services.hubs.list();
      const center = hub
        ? { lat: hub.lat, lng: hub.lng }
        : streets
          ? bboxCenter(streets)
          : { lat: 0, lng: 0 };
      return {
        mapStyleUrl: services.config.MAP_STYLE_URL ?? null,
        streetsUrl: streets ? '/api/v1/map/streets' : null,
        center,
        tickMs: services.config.CONSOLE_TICK_MS,
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
        params: IdParams,
        querystring: Type.Object({
          minutes: Type.Integer({ minimum: 1, maximum: 24 * 60, default: 30 }),
        }),
        response: {
          200: Type.Object({
            courierId: Type.Integer(),
            points: Type.Array(
              Type.Object({ t: Type.Number(), lat: Type.Number(), lng: Type.Number() }),
            ),
          }),
          ...errorResponses(401),
        },
      },
    },
    async (request) => {
      const points = await services.db.query<{ t: number; lat: number; lng: number }>(
        `select (extract(epoch from t) * 1000)::float8 as t, lat, lng from pings
         where courier_id = $1 and t > now() - make_interval(mins => $2) order by t limit 20000`,
        [request.params.id, request.query.minutes],
      );
      return { courierId: request.params.id, points };
    },
  );
};

function bboxCenter(network: StreetNetwork): { lat: number; lng: number } {
  const b = network.bbox;
  return { lat: (b.south + b.north) / 2, lng: (b.west + b.east) / 2 };
}
