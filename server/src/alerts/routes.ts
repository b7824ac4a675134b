import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  AlertListQuerySchema,
  AlertListSchema,
  AlertReplySchema,
  IdParamsSchema,
} from '@dispatch/shared';
import type { Guard } from '../auth/guard';
import { errorResponses } from '../http/schemas';
import type { AlertService } from './alert-service';

/**
 * Alerts for the console: list with filters, acknowledge. Who: anyone on the console; a user
 * bound to a hub only for that hub's alerts (and those of no hub).
 */
export const alertRoutes: FastifyPluginAsyncTypebox<{
  alerts: Pick<AlertService, 'list' | 'acknowledge'>;
  guard: Guard;
}> = async (app, { alerts, guard }) => {
  const anyone = guard.console;

  app.get(
    '/api/v1/alerts',
    {
      onRequest: anyone,
      schema: {
        tags: ['alerts'],
        summary: 'Alerts, newest first',
        description:
          'Dispatchers, supervisors, admins; their own hub’s alerts and those of no hub.',
        querystring: AlertListQuerySchema,
        response: { 200: AlertListSchema, ...errorResponses(400, 401) },
      },
    },
    async (request) => ({ alerts: await alerts.list({ ...request.query, scope: request.scope }) }),
  );

  app.post(
    '/api/v1/alerts/:id/ack',
    {
      onRequest: anyone,
      schema: {
        tags: ['alerts'],
        summary: 'Acknowledge an alert (who and when are recorded)',
        description:
          'Dispatchers, supervisors, admins; an alert of their own hub or of no hub (another hub’s answers 404).',
        params: IdParamsSchema,
        response: { 200: AlertReplySchema, ...errorResponses(401, 404) },
      },
    },
    async (request) => ({
      alert: await alerts.acknowledge(request.params.id, request.user!.id, request.scope),
    }),
  );
};
