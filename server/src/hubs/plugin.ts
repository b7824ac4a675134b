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
        response: { 200: HubListSchema, ...errorResponses(401) },
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
      preHandler: guard.require('supervisor', 'admin'),
      schema: {
        tags: ['hubs'],
        summary: "Change a hub's on-time target or auto-dispatch policy (supervisor)",
        params: IdParamsSchema,
        body: HubPatchSchema,
        response: { 200: HubSchema, ...errorResponses(400, 401, 403, 404) },
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
