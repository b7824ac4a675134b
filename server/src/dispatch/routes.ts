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

/**
 * Suggestions (accept / reject), manual reassignment and re-sequencing. Who: anyone on the
 * console; a user bound to a hub only for that hub's stops, couriers and suggestions (another
 * hub's answer `not_found`).
 */
export const dispatchRoutes: FastifyPluginAsyncTypebox<DispatchRoutesOptions> = async (
  app,
  { suggestions, reassign, resequence, guard },
) => {
  const anyone = guard.console;

  app.get(
    '/api/v1/suggestions',
    {
      onRequest: anyone,
      schema: {
        tags: ['dispatch'],
        summary: 'Reassignment suggestions, newest first',
        description:
          'Dispatchers, supervisors, admins; those whose receiving courier is of their own hub.',
        querystring: SuggestionListQuerySchema,
        response: { 200: SuggestionListSchema, ...errorResponses(401) },
      },
    },
    async (request) => ({
      suggestions: await suggestions.list(request.query.status, undefined, request.scope),
    }),
  );

  app.post(
    '/api/v1/suggestions/:id/accept',
    {
      onRequest: anyone,
      schema: {
        tags: ['dispatch'],
        summary:
          'Apply a suggestion; 409 conflict when a route changed since it was made (nothing changes)',
        description: 'Dispatchers, supervisors, admins; a suggestion of their own hub.',
        params: IdParamsSchema,
        response: { 200: ReassignReplySchema, ...errorResponses(401, 404, 409) },
      },
    },
    async (request) => ({
      result: await suggestions.accept(request.params.id, request.user!.id, request.scope),
    }),
  );

  app.post(
    '/api/v1/suggestions/:id/reject',
    {
      onRequest: anyone,
      schema: {
        tags: ['dispatch'],
        summary: 'Reject a suggestion',
        description: 'Dispatchers, supervisors, admins; a suggestion of their own hub.',
        params: IdParamsSchema,
        response: { 200: SuggestionReplySchema, ...errorResponses(401, 404, 409) },
      },
    },
    async (request) => ({
      suggestion: await suggestions.reject(request.params.id, request.user!.id, request.scope),
    }),
  );

  app.post(
    '/api/v1/stops/reassign',
    {
      onRequest: anyone,
      schema: {
        tags: ['dispatch'],
        summary:
          'Move stops to a courier, with the route versions you saw; 409 conflict when one changed',
        description:
          'Dispatchers, supervisors, admins; stops and a courier of their own hub (another hub’s answer 404).',
        body: ReassignRequestSchema,
        response: { 200: ReassignReplySchema, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request) => ({
      result: await reassign.reassign(
        request.body,
        { type: 'user', id: request.user!.id },
        request.scope,
      ),
    }),
  );

  app.post(
    '/api/v1/couriers/:id/resequence',
    {
      onRequest: anyone,
      schema: {
        tags: ['dispatch'],
        summary:
          "Re-order a courier's remaining stops into the best order from where it is now; 409 conflict when its route changed since you looked",
        description: 'Dispatchers, supervisors, admins; a courier of their own hub.',
        params: IdParamsSchema,
        body: ResequenceRequestSchema,
        response: { 200: ResequenceOutcomeSchema, ...errorResponses(400, 401, 404, 409) },
      },
    },
    async (request) =>
      resequence.resequence(
        request.params.id,
        request.body.routeVersion,
        { type: 'user', id: request.user!.id },
        request.scope,
      ),
  );
};
