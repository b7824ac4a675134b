import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { AlertBody } from '../alerts/routes';
import type { Guard } from '../auth/guard';
import { errorResponses } from '../http/schemas';
import type { KpiService } from './kpi-service';

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

/** The supervisor page's figures. Who: supervisors and admins; dispatchers are refused. */
export const kpiRoutes: FastifyPluginAsyncTypebox<{
  kpi: Pick<KpiService, 'snapshot'>;
  guard: Guard;
}> = async (app, { kpi, guard }) => {
  app.get(
    '/api/v1/kpi',
    {
      preHandler: guard.require('supervisor', 'admin'),
      schema: {
        tags: ['kpi'],
        summary:
          "Today's on-time rate by hour, late and at-risk stops per hub, open SLA breaches and escalations",
        response: { 200: KpiBody, ...errorResponses(401, 403) },
      },
    },
    async () => kpi.snapshot(),
  );
};
