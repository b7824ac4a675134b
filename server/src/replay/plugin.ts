import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { ReplayQuerySchema, ReplaySchema } from '@dispatch/shared';
import type { Guard } from '../auth/guard';
import { errorResponses } from '../http/schemas';
import type { ReplayService } from './replay-service';

/**
 * `GET /api/v1/replay`: a hub's or one courier's day rebuilt from the stored pings and events.
 * Who: dispatchers, supervisors and admins; a user bound to a hub only for that hub.
 */
export const replayPlugin: FastifyPluginAsyncTypebox<{
  replay: Pick<ReplayService, 'replay'>;
  guard: Guard;
}> = async (app, { replay, guard }) => {
  app.get(
    '/api/v1/replay',
    {
      onRequest: guard.require('dispatcher', 'supervisor', 'admin'),
      schema: {
        tags: ['replay'],
        summary:
          'Positions (sampled), stop visits, moves, plans, alerts and suggestions of a hub or a courier over at most 24 h, and planned versus actual per courier',
        description:
          'Dispatchers, supervisors, admins; their own hub and its couriers (another hub answers 404).',
        querystring: ReplayQuerySchema,
        response: { 200: ReplaySchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => replay.replay(request.query, request.scope),
  );
};
