import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ALERT_KINDS, ALERT_SEVERITIES } from '@dispatch/shared';
import type { Guard } from '../auth/guard';
import { errorResponses, IdParams, Nullable } from '../http/schemas';
import type { AlertService } from './alert-service';

export const AlertBody = Type.Object({
  id: Type.Integer(),
  kind: Type.Enum(ALERT_KINDS),
  severity: Type.Enum(ALERT_SEVERITIES),
  courierId: Nullable(Type.Integer()),
  stopId: Nullable(Type.Integer()),
  hubId: Nullable(Type.Integer()),
  openedAt: Type.Number(),
  acknowledgedAt: Nullable(Type.Number()),
  acknowledgedBy: Nullable(Type.Integer()),
  escalatedAt: Nullable(Type.Number()),
  resolvedAt: Nullable(Type.Number()),
  details: Type.Record(Type.String(), Type.Unknown()),
});

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
        querystring: Type.Object({
          status: Type.Enum(['open', 'resolved', 'all'], { default: 'open' }),
          kind: Type.Optional(Type.Array(Type.Enum(ALERT_KINDS))),
          courierId: Type.Optional(Type.Integer({ minimum: 1 })),
          limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }),
        }),
        response: {
          200: Type.Object({ alerts: Type.Array(AlertBody) }),
          ...errorResponses(400, 401),
        },
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
        params: IdParams,
        response: { 200: Type.Object({ alert: AlertBody }), ...errorResponses(401, 404) },
      },
    },
    async (request) => ({
      alert: await alerts.acknowledge(request.params.id, request.user!.id),
    }),
  );
};
