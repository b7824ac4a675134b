import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  DomainError,
  IdParamsSchema,
  NotificationDeliveryViewSchema,
  NotificationLogQuerySchema,
  NotificationLogSchema,
  WebhookCreateSchema,
  WebhookCreatedSchema,
  WebhookListSchema,
  WebhookViewSchema,
} from '@dispatch/shared';
import type { Guard } from '../auth/guard';
import { errorResponses } from '../http/schemas';
import type { DeliveryLog } from './delivery-log';
import type { WebhookAdmin } from './webhook-admin';

/**
 * Webhooks (admins) and the notifications log: one stop's deliveries for anyone on the console,
 * the whole log and sending again for admins. A user bound to a hub works on that hub's only
 * (another hub's answer `not_found`).
 */
export const notificationRoutes: FastifyPluginAsyncTypebox<{
  webhooks: WebhookAdmin;
  deliveries: DeliveryLog;
  guard: Guard;
  /** Told when a delivery is queued again, to send it without waiting for the timer. */
  wake: () => void;
}> = async (app, { webhooks, deliveries, guard, wake }) => {
  const admin = guard.require('admin');
  const actor = (id: number) => ({ type: 'user' as const, id });

  app.post(
    '/api/v1/webhooks',
    {
      onRequest: admin,
      schema: {
        tags: ['notifications'],
        summary:
          "Post a hub's (or one shop's) stop events to a URL; the signing secret is in this answer only",
        description: 'Admins; their own hub when bound to one.',
        body: WebhookCreateSchema,
        response: { 201: WebhookCreatedSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await webhooks.create(request.body, actor(request.user!.id), request.scope)),
  );

  app.get(
    '/api/v1/webhooks',
    {
      onRequest: admin,
      schema: {
        tags: ['notifications'],
        summary: 'Every webhook, disabled ones included (never their secrets)',
        description: 'Admins; their own hub’s when bound to one.',
        response: { 200: WebhookListSchema, ...errorResponses(401, 403) },
      },
    },
    async (request) => ({ webhooks: await webhooks.list(request.scope) }),
  );

  app.delete(
    '/api/v1/webhooks/:id',
    {
      onRequest: admin,
      schema: {
        tags: ['notifications'],
        summary:
          'Disable a webhook: no new events, and its pending deliveries are dead-lettered ("webhook disabled")',
        description: 'Admins; a webhook of their own hub when bound to one.',
        params: IdParamsSchema,
        response: { 200: WebhookViewSchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => webhooks.disable(request.params.id, actor(request.user!.id), request.scope),
  );

  app.get(
    '/api/v1/notifications',
    {
      onRequest: guard.console,
      schema: {
        tags: ['notifications'],
        summary:
          "Deliveries of stop events to webhooks, emails and phones, newest first: a stop's or all",
        description:
          'One stop’s: dispatchers, supervisors, admins, for a stop of their own hub or of no hub. All: admins (their own hub’s when bound to one).',
        querystring: NotificationLogQuerySchema,
        response: { 200: NotificationLogSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const { scope } = request;
      const { stopId, status, webhookId, limit = 100 } = request.query;
      if (stopId === undefined) {
        if (request.user!.role !== 'admin')
          throw new DomainError('forbidden', "the whole log is for admins; ask for one stop's");
      } else {
        await deliveries.checkStop(stopId, scope);
      }
      return { deliveries: await deliveries.list({ stopId, status, webhookId, limit, scope }) };
    },
  );

  app.post(
    '/api/v1/notifications/:id/resend',
    {
      onRequest: admin,
      schema: {
        tags: ['notifications'],
        summary:
          'Send a sent or dead delivery again now, attempts and retry period starting over (receivers deduplicate by Webhook-Id)',
        description: 'Admins; a delivery of their own hub’s stop when bound to one.',
        params: IdParamsSchema,
        response: { 200: NotificationDeliveryViewSchema, ...errorResponses(401, 403, 404, 409) },
      },
    },
    async (request) => {
      const view = await deliveries.resend(
        request.params.id,
        actor(request.user!.id),
        request.scope,
      );
      wake();
      return view;
    },
  );
};
