import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { AuditPageSchema, AuditQuerySchema } from '@dispatch/shared';
import type { Guard } from '../auth/guard';
import { errorResponses } from '../http/schemas';
import type { AuditReads } from './audit-reads';

/** Events a page carries unless the query says otherwise. */
const DEFAULT_PAGE = 100;

/**
 * `GET /api/v1/events`: the audit trail, newest first. Who: admins and supervisors; a user
 * bound to a hub sees only that hub's events.
 */
export const auditPlugin: FastifyPluginAsyncTypebox<{
  reads: Pick<AuditReads, 'page'>;
  guard: Guard;
}> = async (app, { reads, guard }) => {
  app.get(
    '/api/v1/events',
    {
      onRequest: guard.require('admin', 'supervisor'),
      schema: {
        tags: ['audit'],
        summary:
          'Who changed what and when (stops, routes, couriers, alerts, suggestions, users, devices, security events), newest first, by kind, actor, subject, hub and time; `before` pages back',
        description:
          'For admins and supervisors. A user bound to a hub sees only the events of that hub (an event’s hub is the one recorded with it, else its stop’s, courier’s, alert’s, user’s or hub’s); naming another hub is answered 404.',
        querystring: AuditQuerySchema,
        response: { 200: AuditPageSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { limit, hubId, ...filter } = request.query;
      // Another hub than the user's own is refused (and recorded) as if it did not exist.
      const hub = request.scope.resolve(hubId);
      return reads.page(
        hub === undefined ? filter : { ...filter, hubId: hub },
        request.user!.hubId,
        limit ?? DEFAULT_PAGE,
      );
    },
  );
};
