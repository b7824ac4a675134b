import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import type { Guard } from '../auth/guard';
import { errorResponses, IdParams } from '../http/schemas';
import type { HubService } from './hub-service';

const HubBody = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  lat: Type.Number(),
  lng: Type.Number(),
  timezone: Type.String(),
  onTimeTarget: Type.Number(),
  autoDispatch: Type.Boolean(),
});

/**
 * Hubs (depots): listed for anyone on the console, created by admins, their on-time target and
 * auto-dispatch policy set by supervisors and admins.
 */
export const hubsPlugin: FastifyPluginAsyncTypebox<{ hubs: HubService; guard: Guard }> = async (
  app,
  { hubs, guard },
) => {
  const toBody = (h: Awaited<ReturnType<typeof hubs.get>>) => ({
    id: h.id,
    name: h.name,
    lat: h.lat,
    lng: h.lng,
    timezone: h.timezone,
    onTimeTarget: h.onTimeTarget,
    autoDispatch: h.autoDispatch,
  });

  app.get(
    '/api/v1/hubs',
    {
      preHandler: guard.console,
      schema: {
        tags: ['hubs'],
        summary: 'List hubs',
        response: { 200: Type.Object({ hubs: Type.Array(HubBody) }), ...errorResponses(401) },
      },
    },
    async () => ({ hubs: (await hubs.list()).map(toBody) }),
  );

  app.post(
    '/api/v1/hubs',
    {
      preHandler: guard.require('admin'),
      schema: {
        tags: ['hubs'],
        summary: 'Create a hub (admin)',
        body: Type.Object(
          {
            name: Type.String({ minLength: 1, maxLength: 200 }),
            lat: Type.Number({ minimum: -90, maximum: 90 }),
            lng: Type.Number({ minimum: -180, maximum: 180 }),
            timezone: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
            onTimeTarget: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
          },
          { additionalProperties: false },
        ),
        response: { 201: HubBody, ...errorResponses(400, 401, 403) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(toBody(await hubs.create(request.body, { type: 'user', id: request.user!.id }))),
  );

  app.patch(
    '/api/v1/hubs/:id',
    {
      preHandler: guard.require('supervisor', 'admin'),
      schema: {
        tags: ['hubs'],
        summary: "Change a hub's on-time target or auto-dispatch policy (supervisor)",
        params: IdParams,
        body: Type.Object(
          {
            onTimeTarget: Type.Optional(Type.Number({ minimum: 0, maximum: 1 })),
            autoDispatch: Type.Optional(Type.Boolean()),
          },
          { additionalProperties: false, minProperties: 1 },
        ),
        response: { 200: HubBody, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) =>
      toBody(
        await hubs.update(request.params.id, request.body, {
          type: 'user',
          id: request.user!.id,
        }),
      ),
  );
};
