import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import {
  CourierCreateSchema,
  CourierListQuerySchema,
  CourierListSchema,
  CourierPatchSchema,
  CourierSchema,
  CourierTokenSchema,
  DomainError,
  IdParamsSchema,
  NoContentSchema,
} from '@dispatch/shared';
import type { Guard } from '../auth/guard';
import type { FleetState } from '../fleet/fleet-state';
import { errorResponses } from '../http/schemas';
import type { HubService } from '../hubs/hub-service';
import type { HubScope } from '../auth/hub-scope';
import type { CourierRow, CourierService } from './courier-service';

/**
 * A courier with its live state from the fleet. Device identifiers are for admins only: a
 * tracker's external id is a credential when legacy ids are allowed.
 */
function courierBody(row: CourierRow, fleet: FleetState, viewer: { role: string } | null) {
  const live = fleet.get(row.id);
  const admin = viewer?.role === 'admin';
  return {
    id: row.id,
    name: row.name,
    vehicle: row.vehicle,
    capacity: row.capacity,
    hubId: row.hubId,
    ...(admin
      ? {
          externalDeviceId: row.externalDeviceId,
          legacyDeviceId: row.legacyDeviceId,
          osmandSecretIssuedAt: row.osmandSecretIssuedAt?.getTime() ?? null,
        }
      : {}),
    active: row.active,
    hasDeviceToken: row.deviceTokenHash !== null,
    shiftStartMinute: row.shiftStartMinute,
    shiftEndMinute: row.shiftEndMinute,
    routeVersion: row.routeVersion,
    status: live?.status ?? 'offline',
    lastFix: live?.fix ?? null,
    cell: live?.cell ?? null,
    lastPingAt: live?.lastPingAt ?? null,
  };
}

export interface CourierRoutesOptions {
  couriers: CourierService;
  /** A courier's hub must exist. */
  hubs: Pick<HubService, 'get'>;
  fleet: FleetState;
  guard: Guard;
}

/**
 * Courier management (admins), the fleet list with live state (anyone on the console), and
 * revoking a courier's device token (anyone on the console). A user bound to a hub works on its
 * couriers (and those of no hub) only; another hub's answer `not_found`.
 */
export const courierRoutes: FastifyPluginAsyncTypebox<CourierRoutesOptions> = async (
  app,
  { couriers, hubs, fleet, guard },
) => {
  const admin = guard.require('admin');
  const anyone = guard.console;
  const actor = (id: number) => ({ type: 'user' as const, id });
  /** The courier `id` when it is in `scope`, else `not_found`. */
  const scopedCourier = async (id: number, scope: HubScope) => {
    const row = await couriers.get(id);
    if (!row) throw new DomainError('not_found', `courier ${id} does not exist`);
    scope.assert(row.hubId, { type: 'courier', id });
    return row;
  };

  app.post(
    '/api/v1/couriers',
    {
      onRequest: admin,
      schema: {
        tags: ['couriers'],
        summary: 'Create a courier; the device token is returned once and stored only hashed',
        description: 'Admins; for their own hub when bound to one (another hub answers 404).',
        body: CourierCreateSchema,
        response: { 201: CourierTokenSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const hubId = request.scope.resolve(request.body.hubId ?? undefined);
      if (hubId) await hubs.get(hubId);
      const input = hubId === undefined ? request.body : { ...request.body, hubId };
      const { courier, deviceToken } = await couriers.create(input, actor(request.user!.id));
      fleet.upsertCourier(courier.id, courier.hubId);
      return reply.status(201).send({ id: courier.id, deviceToken });
    },
  );

  app.get(
    '/api/v1/couriers',
    {
      onRequest: anyone,
      schema: {
        tags: ['couriers'],
        summary: 'List couriers with their live state',
        description:
          'Dispatchers, supervisors, admins; their own hub’s couriers and those of no hub (another hub’s ?hubId= answers 404).',
        querystring: CourierListQuerySchema,
        response: { 200: CourierListSchema, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const { hubId } = request.query;
      if (hubId !== undefined) request.scope.assert(hubId, { type: 'hub', id: hubId });
      const rows = await couriers.list({ hubId, scope: request.scope });
      return { couriers: rows.map((c) => courierBody(c, fleet, request.user)) };
    },
  );

  app.get(
    '/api/v1/couriers/:id',
    {
      onRequest: anyone,
      schema: {
        tags: ['couriers'],
        summary: 'One courier with its live state',
        description: 'Dispatchers, supervisors, admins; a courier of their own hub or of no hub.',
        params: IdParamsSchema,
        response: { 200: CourierSchema, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const row = await scopedCourier(request.params.id, request.scope);
      return courierBody(row, fleet, request.user);
    },
  );

  app.patch(
    '/api/v1/couriers/:id',
    {
      onRequest: admin,
      schema: {
        tags: ['couriers'],
        summary: 'Update a courier',
        description:
          'Admins; a courier of their own hub (or of no hub), moved only to their own hub when bound to one.',
        params: IdParamsSchema,
        body: CourierPatchSchema,
        response: { 200: CourierSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      await scopedCourier(request.params.id, request.scope);
      const { hubId } = request.body;
      if (hubId) request.scope.assert(hubId, { type: 'hub', id: hubId });
      if (hubId) await hubs.get(hubId);
      const row = await couriers.update(request.params.id, request.body, actor(request.user!.id));
      if (row.active) fleet.upsertCourier(row.id, row.hubId);
      else fleet.removeCourier(row.id);
      return courierBody(row, fleet, request.user);
    },
  );

  app.post(
    '/api/v1/couriers/:id/token',
    {
      onRequest: admin,
      schema: {
        tags: ['couriers'],
        summary: 'Rotate the device token: a new one is returned once, the old one stops working',
        description: 'Admins; a courier of their own hub or of no hub.',
        params: IdParamsSchema,
        response: { 200: CourierTokenSchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => {
      await scopedCourier(request.params.id, request.scope);
      return {
        id: request.params.id,
        deviceToken: await couriers.rotateToken(request.params.id, actor(request.user!.id)),
      };
    },
  );

  // Signing a phone out is no more than pairing one (which replaces the token), so whoever may
  // pair a courier's phone may revoke its token: anyone on the console, for their own hub.
  app.delete(
    '/api/v1/couriers/:id/token',
    {
      onRequest: anyone,
      schema: {
        tags: ['couriers'],
        summary:
          "Revoke the device token (sign the courier's phone out); connected devices are disconnected",
        description: 'Dispatchers, supervisors, admins; a courier of their own hub or of no hub.',
        params: IdParamsSchema,
        response: { 204: NoContentSchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await scopedCourier(request.params.id, request.scope);
      await couriers.revokeToken(request.params.id, actor(request.user!.id));
      return reply.status(204).send(null);
    },
  );
};
