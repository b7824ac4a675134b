import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  IdParamsSchema,
  ReassignReplySchema,
  ReassignRequestSchema,
  ResequenceOutcomeSchema,
  ResequenceRequestSchema,
  SuggestionListQuerySchema,
  SuggestionListSchema,
  SuggestionReplySchema,
} from '@dispatch/shared';
import type { Guard } from '../auth/guard';
import { errorResponses } from '../http/schemas';
import type { ReassignService } from './reassign-service';
import type { ResequenceService } from './resequence-service';
import type { SuggestionService } from './suggestion-service';

export interface DispatchRoutesOptions {
  suggestions: Pick<SuggestionService, 'list' | 'accept' | 'reject'>;
  reassign: Pick<ReassignService, 'reassign'>;
  resequence: Pick<ResequenceService, 'resequence'>;
  guard: Guard;
}

/** Suggestions (accept / reject), manual reassignment and re-sequencing. Who: anyone on the console. */
export const dispatchRoutes: FastifyPluginAsyncTypebox<DispatchRoutesOptions> = async (
  app,
  { suggestions, reassign, resequence, guard },
) => {
  const anyone = guard.console;

  app.get(
    '/api/v1/suggestions',
    {
      preHandler: anyone,
      schema: {
        tags: ['dispatch'],
        summary: 'Reassignment suggestions, newest first',
        querystring: SuggestionListQuerySchema,
        response: { 200: SuggestionListSchema, ...errorResponses(401) },
      },
    },
    async (request) => ({ suggestions: await suggestions.list(request.query.status) }),
  );

  app.post(
    '/api/v1/suggestions/:id/accept',
    {
      preHandler: anyone,
      schema: {
        tags: ['dispatch'],
        summary:
          'Apply a suggestion; 409 conflict when a route changed since it was made (nothing changes)',
        params: IdParamsSchema,
        response: { 200: ReassignReplySchema, ...errorResponses(401, 404, 409) },
      },
    },
    async (request) => ({
      result: await suggestions.accept(request.params.id, request.user!.id),
    }),
  );

  app.post(
    '/api/v1/suggestions/:id/reject',
    {
      preHandler: anyone,
      schema: {
        tags: ['dispatch'],
        summary: 'Reject a suggestion',
        params: IdParamsSchema,
        response: { 200: SuggestionReplySchema, ...errorResponses(401, 404, 409) },
      },
    },
    async (request) => ({
      suggestion: await suggestions.reject(request.params.id, request.user!.id),
    }),
  );

  app.post(
    '/api/v1/stops/reassign',
    {
      preHandler: anyone,
      schema: {
        tags: ['dispatch'],
        summary:
          'Move stops to a courier, with the route versions you saw; 409 conflict when one changed',
        body: ReassignRequestSchema,
        response: { 200: ReassignReplySchema, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request) => ({
      result: await reassign.reassign(request.body, {
        type: 'user',
        id: request.user!.id,
      }),
    }),
  );

  app.post(
    '/api/v1/couriers/:id/resequence',
    {
      preHandler: anyone,
      schema: {
        tags: ['dispatch'],
        summary:
          "Re-order a courier's remaining stops into the best order from where it is now; 409 conflict when its route changed since you looked",
        params: IdParamsSchema,
        body: ResequenceRequestSchema,
        response: { 200: ResequenceOutcomeSchema, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request) =>
      resequence.resequence(request.params.id, request.body.routeVersion, {
        type: 'user',
        id: request.user!.id,
      }),
  );
};
