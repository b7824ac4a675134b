import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { ALERT_KINDS, ALERT_SEVERITIES } from '@dispatch/shared';
import type { App } from '../../server/src/app';

/**
 * Lets end-to-end tests inject alerts and suggestions through the real services (so they are
 * stored and pushed like real ones). Only test servers register them (`TestServer.start` with
 * `testRoutes`); the product's own entry never does.
 */
export const testRoutes: FastifyPluginAsyncTypebox<{
  parts: Pick<App, 'guard' | 'alerts' | 'stops' | 'couriers' | 'suggestions'>;
}> = async (app, { parts }) => {
  const admin = parts.guard.require('admin');

  app.post(
    '/api/v1/test/alerts',
    {
      preHandler: admin,
      schema: {
        hide: true,
        body: Type.Object({
          kind: Type.Enum(ALERT_KINDS),
          severity: Type.Enum(ALERT_SEVERITIES),
          courierId: Type.Optional(Type.Integer()),
          stopId: Type.Optional(Type.Integer()),
          hubId: Type.Optional(Type.Integer()),
          details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
        }),
      },
    },
    async (request, reply) => {
      const { kind, severity, details, ...subject } = request.body;
      return reply.status(201).send({
        alert: await parts.alerts.raise(kind, subject, severity, details ?? {}, {
          type: 'system',
        }),
      });
    },
  );

  app.post(
    '/api/v1/test/suggestions',
    {
      preHandler: admin,
      schema: {
        hide: true,
        body: Type.Object({
          stopIds: Type.Array(Type.Integer(), { minItems: 1 }),
          toCourierId: Type.Integer(),
          insertPosition: Type.Optional(Type.Integer({ minimum: 1 })),
          score: Type.Optional(Type.Number()),
          explanation: Type.String(),
          /** Stored as the engine stores them: `alertId`, `effect`. */
          details: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
        }),
      },
    },
    async (request, reply) => {
      const body = request.body;
      const stops = await Promise.all(body.stopIds.map((id) => parts.stops.get(id)));
      const fromCourierId = stops[0]?.courierId ?? null;
      const versions = await parts.couriers.list({
        ids: [body.toCourierId, ...(fromCourierId ? [fromCourierId] : [])],
      });
      const versionOf = (id: number | null) =>
        versions.find((c) => c.id === id)?.routeVersion ?? null;
      const suggestion = await parts.suggestions.create(
        {
          kind: 'move_stops',
          stopIds: body.stopIds,
          fromCourierId,
          toCourierId: body.toCourierId,
          fromRouteVersion: versionOf(fromCourierId),
          toRouteVersion: versionOf(body.toCourierId) ?? 0,
          insertPosition: body.insertPosition ?? null,
          score: body.score ?? 10,
          explanation: body.explanation,
          details: body.details,
        },
        { type: 'system' },
      );
      return reply.status(201).send({ suggestion });
    },
  );
};
