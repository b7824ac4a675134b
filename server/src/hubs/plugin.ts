import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  HubCreateSchema,
  HubListSchema,
  HubPatchSchema,
  HubSchema,
  IdParamsSchema,
} from '@dispatch/shared';
import type { Guard } from '../auth/guard';
import { errorResponses } from '../http/schemas';
import type { HubService } from './hub-service';

/**
 * Hubs (depots): listed for anyone on the console, created by admins, their on-time target,
 * auto-dispatch policy and time zone set by supervisors and admins. A user bound to a hub sees
 * and changes that hub only (another answers `not_found`).
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
      onRequest: guard.console,
      schema: {
        tags: ['hubs'],
        summary: 'List hubs',
        description: 'Dispatchers, supervisors, admins; only their own hub when bound to one.',
        response: { 200: HubListSchema, ...errorResponses(401) },
      },
    },
    async (request) => ({
      hubs: (await hubs.list()).filter((h) => request.scope.has(h.id)).map(toBody),
    }),
  );

  app.post(
    '/api/v1/hubs',
    {
      onRequest: guard.require('admin'),
      schema: {
        tags: ['hubs'],
        summary: 'Create a hub (admin)',
        description: 'Admins.',
        body: HubCreateSchema,
        response: { 201: HubSchema, ...errorResponses(400, 401, 403) },
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
      onRequest: guard.require('supervisor', 'admin'),
      schema: {
        tags: ['hubs'],
        summary: "Change a hub's on-time target, auto-dispatch policy or time zone",
        description: 'Supervisors and admins; their own hub.',
        params: IdParamsSchema,
        body: HubPatchSchema,
        response: { 200: HubSchema, ...errorResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      request.scope.assert(request.params.id, { type: 'hub', id: request.params.id });
      const actor = { type: 'user' as const, id: request.user!.id };
      return toBody(await hubs.update(request.params.id, request.body, actor));
    },
  );
};
