import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AttemptPoliciesSchema,
  AttemptReportQuerySchema,
  AttemptReportSchema,
  IdParamsSchema,
  StopSchema,
} from '@dispatch/shared';
import type { Guard } from '../auth/guard';
import { errorResponses } from '../http/schemas';
import { stopBody } from '../stops/stop-body';
import type { AttemptReports } from './attempt-report';
import type { AttemptPolicyStore } from './policy-store';
import type { ReturnCheckIn } from './return-check-in';

/**
 * Re-attempt policies (read by anyone on the console; set by supervisors and admins), checking a
 * returning parcel in at its hub (dispatchers, supervisors and admins) and the supervisor's
 * figures of failed attempts and returns (supervisors and admins). A user bound to a hub works on
 * that hub only; another hub answers `not_found`.
 */
export const attemptRoutes: FastifyPluginAsyncTypebox<{
  policies: AttemptPolicyStore;
  checkIn: ReturnCheckIn;
  reports: AttemptReports;
  guard: Guard;
}> = async (app, { policies, checkIn, reports, guard }) => {
  const supervisors = guard.require('supervisor', 'admin');

  app.get(
    '/api/v1/hubs/:id/attempt-policies',
    {
      onRequest: guard.console,
      schema: {
        tags: ['hubs'],
        summary:
          'What the hub does with a failed attempt, per service tier (the defaults for tiers it has not set)',
        description: 'Dispatchers, supervisors, admins; their own hub.',
        params: IdParamsSchema,
        response: { 200: AttemptPoliciesSchema, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      request.scope.assert(request.params.id, { type: 'hub', id: request.params.id });
      return policies.get(request.params.id);
    },
  );

  app.put(
    '/api/v1/hubs/:id/attempt-policies',
    {
      onRequest: supervisors,
      schema: {
        tags: ['hubs'],
        summary: "Set the hub's re-attempt policy of the tiers named; answers every tier",
        description: 'Supervisors and admins; their own hub.',
        params: IdParamsSchema,
        body: AttemptPoliciesSchema,
        response: { 200: AttemptPoliciesSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      request.scope.assert(request.params.id, { type: 'hub', id: request.params.id });
      return policies.put(request.params.id, request.body, { type: 'user', id: request.user!.id });
    },
  );

  app.post(
    '/api/v1/stops/:id/returned',
    {
      onRequest: guard.require('dispatcher', 'supervisor', 'admin'),
      schema: {
        tags: ['stops'],
        summary:
          'Check a returning parcel in at its hub: it becomes returned and leaves its courier’s route (409 names its status)',
        description: 'Dispatchers, supervisors, admins; a stop of their own hub.',
        params: IdParamsSchema,
        response: { 200: StopSchema, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request) =>
      stopBody(
        await checkIn.checkIn(request.params.id, { user: request.user!, scope: request.scope }),
      ),
  );

  app.get(
    '/api/v1/reports/attempts',
    {
      onRequest: supervisors,
      schema: {
        tags: ['reports'],
        summary:
          "A hub's failed attempts today by reason, parcels on their way back, waiting to be checked in and returned today",
        description: 'Supervisors and admins; their own hub.',
        querystring: AttemptReportQuerySchema,
        response: { 200: AttemptReportSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      request.scope.assert(request.query.hubId, { type: 'hub', id: request.query.hubId });
      return reports.today(request.query.hubId);
    },
  );
};
