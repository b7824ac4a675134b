import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { SUGGESTION_STATUSES } from '@dispatch/shared';
import type { Guard } from '../auth/guard';
import { errorResponses, IdParams, Nullable } from '../http/schemas';
import type { ReassignService } from './reassign-service';
import type { ResequenceService } from './resequence-service';
import type { SuggestionService } from './suggestion-service';

export const SuggestionBody = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  stopIds: Type.Array(Type.Integer()),
  fromCourierId: Nullable(Type.Integer()),
  toCourierId: Nullable(Type.Integer()),
  fromRouteVersion: Nullable(Type.Integer()),
  toRouteVersion: Nullable(Type.Integer()),
  insertPosition: Nullable(Type.Integer()),
  score: Type.Number(),
  explanation: Type.String(),
  status: Type.Enum(SUGGESTION_STATUSES),
  createdAt: Type.Number(),
});

export const ReassignRequestBody = Type.Object(
  {
    stopIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 500 }),
    toCourierId: Type.Integer({ minimum: 1 }),
    position: Type.Optional(Type.Integer({ minimum: 1 })),
    routeVersions: Type.Record(Type.String({ pattern: '^[0-9]+$' }), Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);

const ReassignResultBody = Type.Object({
  result: Type.Object({
    movedStopIds: Type.Array(Type.Integer()),
    routeVersions: Type.Record(Type.String(), Type.Integer()),
  }),
});

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
        querystring: Type.Object({ status: Type.Enum(['open', 'all'], { default: 'open' }) }),
        response: {
          200: Type.Object({ suggestions: Type.Array(SuggestionBody) }),
          ...errorResponses(401),
        },
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
        params: IdParams,
        response: { 200: ReassignResultBody, ...errorResponses(401, 404, 409) },
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
        params: IdParams,
        response: {
          200: Type.Object({ suggestion: SuggestionBody }),
          ...errorResponses(401, 404, 409),
        },
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
        body: ReassignRequestBody,
        response: { 200: ReassignResultBody, ...errorResponses(400, 401, 404, 409) },
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
        params: IdParams,
        body: Type.Object(
          { routeVersion: Type.Integer({ minimum: 0 }) },
          { additionalProperties: false },
        ),
        response: {
          200: Type.Object({
            result: ReassignResultBody.properties.result,
            stopIds: Type.Array(Type.Integer()),
            feasible: Type.Boolean(),
            lateMinutes: Type.Number(),
          }),
          ...errorResponses(400, 401, 404, 409),
        },
      },
    },
    async (request) =>
      resequence.resequence(request.params.id, request.body.routeVersion, {
        type: 'user',
        id: request.user!.id,
      }),
  );
};
