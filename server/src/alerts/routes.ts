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

/** Alerts for the console: list with filters, acknowledge. Who: anyone on the console. */
export const alertRoutes: FastifyPluginAsyncTypebox<{
  alerts: Pick<AlertService, 'list' | 'acknowledge'>;
  guard: Guard;
}> = async (app, { alerts, guard }) => {
  const anyone = guard.console;

  app.get(
    '/api/v1/alerts',
    {
      preHandler: anyone,
      schema: {
        tags: ['alerts'],
        summary: 'Alerts, newest first',
        querystring: AlertListQuerySchema,
        response: { 200: AlertListSchema, ...errorResponses(400, 401) },
      },
    },
    async (request) => ({ alerts: await alerts.list(request.query) }),
  );

  app.post(
    '/api/v1/alerts/:id/ack',
    {
      preHandler: anyone,
      schema: {
        tags: ['alerts'],
        summary: 'Acknowledge an alert (who and when are recorded)',
        params: IdParamsSchema,
        response: { 200: AlertReplySchema, ...errorResponses(401, 404) },
      },
    },
    async (request) => ({
      alert: await alerts.acknowledge(request.params.id, request.user!.id),
    }),
  );
};
