import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  IdParamsSchema,
  NoContentSchema,
  PlanOutcomeSchema,
  PlanParamsSchema,
  PlanPreviewSchema,
  PlanRequestSchema,
} from '@dispatch/shared';
import type { Guard } from '../auth/guard';
import { errorResponses } from '../http/schemas';
import type { PlanPreviews } from './plan-previews';
import type { PlanService } from './plan-service';

/** Who may plan a hub, for the routes' descriptions. */
const WHO = 'Dispatchers, supervisors, admins; their own hub.';

/**
 * Planning a hub's unassigned stops onto its couriers, the search on a worker thread: at once
 * (`POST /api/v1/hubs/:id/plan`), or previewed, then accepted or discarded
 * (`…/plan/preview`, `…/plan/:planId/accept`, `DELETE …/plan/:planId`).
 * Who: dispatchers, supervisors and admins; a user bound to a hub only for that hub (another
 * answers `not_found`).
 */
export const planningPlugin: FastifyPluginAsyncTypebox<{
  planner: Pick<PlanService, 'planHub'>;
  previews: Pick<PlanPreviews, 'preview' | 'accept' | 'discard'>;
  guard: Guard;
}> = async (app, { planner, previews, guard }) => {
  const anyone = guard.console;

  app.post(
    '/api/v1/hubs/:id/plan',
    {
      onRequest: anyone,
      schema: {
        tags: ['dispatch'],
        summary:
          "Plan the hub's unassigned stops onto its couriers (after their open stops), balanced, in one route change",
        description: WHO,
        params: IdParamsSchema,
        body: PlanRequestSchema,
        response: { 200: PlanOutcomeSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = { type: 'user' as const, id: request.user!.id };
      return planner.planHub(request.params.id, request.body, actor, request.scope);
    },
  );

  app.post(
    '/api/v1/hubs/:id/plan/preview',
    {
      onRequest: anyone,
      schema: {
        tags: ['dispatch'],
        summary:
          "Plan the hub's unassigned stops without applying the plan: what would move, kept 10 minutes to accept",
        description: WHO,
        params: IdParamsSchema,
        body: PlanRequestSchema,
        response: { 200: PlanPreviewSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => previews.preview(request.params.id, request.body, request.scope),
  );

  app.post(
    '/api/v1/hubs/:id/plan/:planId/accept',
    {
      onRequest: anyone,
      schema: {
        tags: ['dispatch'],
        summary:
          'Apply a previewed plan in one route change (409 conflict when a route it touches changed since)',
        description: WHO,
        params: PlanParamsSchema,
        response: { 200: PlanOutcomeSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      const actor = { type: 'user' as const, id: request.user!.id };
      return previews.accept(request.params.id, request.params.planId, actor, request.scope);
    },
  );

  app.delete(
    '/api/v1/hubs/:id/plan/:planId',
    {
      onRequest: anyone,
      schema: {
        tags: ['dispatch'],
        summary: 'Discard a previewed plan; nothing changes',
        description: WHO,
        params: PlanParamsSchema,
        response: { 204: NoContentSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      previews.discard(request.params.id, request.params.planId, request.scope);
      return reply.status(204).send(null);
    },
  );
};
