import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParamsSchema, WindowSlotsSchema } from '@dispatch/shared';
import type { Guard } from '../auth/guard';
import { errorResponses } from '../http/schemas';
import type { WindowSlotStore } from './window-slots';

/**
 * The delivery windows a hub offers customers who move their delivery: read by anyone on the
 * console, replaced by supervisors and admins; a user bound to a hub only for that hub (another
 * answers `not_found`).
 */
export const windowSlotRoutes: FastifyPluginAsyncTypebox<{
  slots: WindowSlotStore;
  guard: Guard;
}> = async (app, { slots, guard }) => {
  app.get(
    '/api/v1/hubs/:id/window-slots',
    {
      onRequest: guard.console,
      schema: {
        tags: ['hubs'],
        summary:
          'The windows the hub offers customers who move their delivery, with daily capacity',
        description: 'Dispatchers, supervisors, admins; their own hub.',
        params: IdParamsSchema,
        response: { 200: WindowSlotsSchema, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      request.scope.assert(request.params.id, { type: 'hub', id: request.params.id });
      return slots.get(request.params.id);
    },
  );

  app.put(
    '/api/v1/hubs/:id/window-slots',
    {
      onRequest: guard.require('supervisor', 'admin'),
      schema: {
        tags: ['hubs'],
        summary:
          "Replace the hub's window slots; overlapping slots or one ending before it starts are refused",
        description: 'Supervisors and admins; their own hub.',
        params: IdParamsSchema,
        body: WindowSlotsSchema,
        response: { 200: WindowSlotsSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      request.scope.assert(request.params.id, { type: 'hub', id: request.params.id });
      return slots.put(request.params.id, request.body, { type: 'user', id: request.user!.id });
    },
  );
};
