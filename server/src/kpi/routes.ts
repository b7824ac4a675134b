import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { KpiSnapshotSchema } from '@dispatch/shared';
import type { Guard } from '../auth/guard';
import { errorResponses } from '../http/schemas';
import type { KpiService } from './kpi-service';

/**
 * The supervisor page's figures. Who: supervisors and admins (a user bound to a hub sees that
 * hub's); dispatchers are refused.
 */
export const kpiRoutes: FastifyPluginAsyncTypebox<{
  kpi: Pick<KpiService, 'snapshot'>;
  guard: Guard;
}> = async (app, { kpi, guard }) => {
  app.get(
    '/api/v1/kpi',
    {
      onRequest: guard.require('supervisor', 'admin'),
      schema: {
        tags: ['kpi'],
        summary:
          "Today's on-time rate by hour, late and at-risk stops per hub, open SLA breaches and escalations",
        description: 'Supervisors and admins; their own hub (every hub for users bound to none).',
        response: { 200: KpiSnapshotSchema, ...errorResponses(401, 403) },
      },
    },
    async (request) => kpi.snapshot(Date.now(), request.scope),
  );
};
