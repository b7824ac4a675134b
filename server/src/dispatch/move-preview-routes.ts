import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  IdParamsSchema,
  MoveCandidateListSchema,
  MoveCandidatesQuerySchema,
  MovePreviewRequestSchema,
  MovePreviewSchema,
} from '@dispatch/shared';
import type { Guard } from '../auth/guard';
import { errorResponses } from '../http/schemas';
import type { MovePreviewService } from './move-preview-service';

export interface MovePreviewRoutesOptions {
  movePreview: Pick<MovePreviewService, 'preview' | 'candidates'>;
  guard: Guard;
}

/**
 * Looking at a move before making it: its effect on every route involved, and the couriers who
 * could take a stop. Who: anyone on the console (dispatcher, supervisor, admin); a user bound to
 * a hub only for its stops and couriers, as for moving stops by hand. Nothing changes.
 */
export const movePreviewRoutes: FastifyPluginAsyncTypebox<MovePreviewRoutesOptions> = async (
  app,
  { movePreview, guard },
) => {
  app.post(
    '/api/v1/moves/preview',
    {
      onRequest: guard.console,
      schema: {
        tags: ['dispatch'],
        summary:
          "What moving stops to a courier would do: each route's lateness before and after, the driving added, the moved stops' ETAs (at the cheapest place when no position is given)",
        description:
          'Dispatchers, supervisors, admins; stops and a courier of their own hub (another hub’s answer 404).',
        body: MovePreviewRequestSchema,
        response: { 200: MovePreviewSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => movePreview.preview(request.body, request.scope),
  );

  app.get(
    '/api/v1/stops/:id/candidates',
    {
      onRequest: guard.console,
      schema: {
        tags: ['dispatch'],
        summary:
          'Couriers who could take a stop (with the rest of its order), least driving added first, never its current courier',
        description:
          'Dispatchers, supervisors, admins; a stop of their own hub, and couriers of their own hub only.',
        params: IdParamsSchema,
        querystring: MoveCandidatesQuerySchema,
        response: { 200: MoveCandidateListSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      movePreview.candidates(request.params.id, request.query.limit, request.scope),
  );
};
