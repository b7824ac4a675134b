import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Guard } from '../auth/guard';
import { errorResponses, IdParams } from '../http/schemas';
import type { PlanService } from './plan-service';

const PlanOutcomeBody = Type.Object({
  hubId: Type.Integer(),
  planned: Type.Integer(),
  couriers: Type.Array(
    Type.Object({
      courierId: Type.Integer(),
      name: Type.String(),
      added: Type.Integer(),
      totalStops: Type.Integer(),
    }),
  ),
  late: Type.Array(Type.Object({ stopId: Type.Integer(), lateMinutes: Type.Number() })),
  unplanned: Type.Array(Type.Object({ stopId: Type.Integer(), reason: Type.String() })),
  travelMinutes: Type.Number(),
  maxStopsPerCourier: Type.Integer(),
  routeVersions: Type.Record(Type.String(), Type.Integer()),
  elapsedMs: Type.Number(),
});

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
        params: IdParams,
        body: Type.Object(
          {
            timeLimitMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 30_000 })),
            maxStopsPerCourier: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
            placeLateStops: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false },
        ),
        response: { 200: PlanOutcomeBody, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request) =>
      planner.planHub(request.params.id, request.body, {
        type: 'user',
        id: request.user!.id,
      }),
  );
};
