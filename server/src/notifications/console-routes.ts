import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { eq } from 'drizzle-orm';
import { DomainError, IdParamsSchema, TrackingLinkSchema } from '@dispatch/shared';
import type { Guard } from '../auth/guard';
import type { Orm } from '../db/client';
import { stops } from '../db/schema';
import { errorResponses } from '../http/schemas';
import type { TrackingLinks } from '../tracking/tracking-links';

/**
 * What the console's stop drawer shows of the customer side: the stop's tracking link, for a
 * dispatcher to copy and send by hand (console users; a stop of their own hub or of no hub).
 */
export const notificationConsoleRoutes: FastifyPluginAsyncTypebox<{
  orm: Orm;
  links: TrackingLinks;
  guard: Guard;
}> = async (app, { orm, links, guard }) => {
  app.get(
    '/api/v1/stops/:id/tracking-link',
    {
      onRequest: guard.console,
      schema: {
        tags: ['notifications'],
        summary: "A stop's tracking page link (made on first request)",
        description:
          'Dispatchers, supervisors, admins; a stop of their own hub or of no hub (another hub’s answers 404).',
        params: IdParamsSchema,
        response: { 200: TrackingLinkSchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      const { id } = request.params;
      const [stop] = await orm.select({ hubId: stops.hubId }).from(stops).where(eq(stops.id, id));
      if (!stop) throw new DomainError('not_found', `stop ${id} does not exist`);
      request.scope.assert(stop.hubId, { type: 'stop', id });
      const url = await links.linkFor(id);
      if (!url) throw new DomainError('not_found', `stop ${id} does not exist`);
      return { url };
    },
  );
};
