import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { IdParamsSchema, PlanOutcomeSchema, PlanRequestSchema } from '@dispatch/shared';
import type { Guard } from '../auth/guard';
import { errorResponses } from '../http/schemas';
import type { PlanService } from './plan-service';

/**
 * Planning a hub's unassigned stops onto its couriers (`POST /api/v1/hubs/:id/plan`), the search
 * on a worker thread. Who: anyone on the console.
 */
export const planningPlugin: FastifyPluginAsyncTypebox<{
  planner: Pick<PlanService, 'planHub'>;
  guard: Guard;
}> = async (app, { planner, guard }) => {
  const anyone = guard.console;

  app.post(
    '/api/v1/hubs/:id/plan',
    {
      preHandler: anyone,
      schema: {
        tags: ['dispatch'],
        summary:
          "Plan the hub's unassigned stops onto its couriers (after their open stops), balanced, in one route change",
        params: IdParamsSchema,
        body: PlanRequestSchema,
        response: { 200: PlanOutcomeSchema, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request) =>
      planner.planHub(request.params.id, request.body, {
        type: 'user',
        id: request.user!.id,
      }),
  );
};
