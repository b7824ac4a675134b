import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { AlertBody } from '../alerts/routes';
import { requireRole } from '../http/auth-hooks';
import { errorResponses } from '../http/schemas';
import type { Services } from '../services';

const KpiBody = Type.Object({
  at: Type.Number(),
  onTimeByHour: Type.Array(
    Type.Object({ hourStart: Type.Number(), delivered: Type.Integer(), onTime: Type.Integer() }),
  ),
  hubs: Type.Array(
    Type.Object({
      hubId: Type.Integer(),
      name: Type.String(),
      onTimeTarget: Type.Number(),
      delivered: Type.Integer(),
      onTime: Type.Integer(),
      late: Type.Integer(),
      atRisk: Type.Integer(),
      open: Type.Integer(),
    }),
  ),
  openBreaches: Type.Array(AlertBody),
  escalations: Type.Array(AlertBody),
});

/** The supervisor page's figures; dispatchers are refused. */
export const kpiRoutes: FastifyPluginAsyncTypebox<{ services: Services }> = async (
  app,
  { services },
) => {
  app.get(
    '/api/v1/kpi',
    {
      preHandler: requireRole(services.auth, 'supervisor', 'admin'),
      schema: {
        tags: ['kpi'],
        summary:
          "Today's on-time rate by hour, late and at-risk stops per hub, open SLA breaches and escalations",
        response: { 200: KpiBody, ...errorResponses(401, 403) },
      },
    },
    async () => services.kpi.snapshot(),
  );
};
