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
import type { CourierRow, CourierService } from './courier-service';

/** A courier with its live state from the fleet. */
function courierBody(row: CourierRow, fleet: FleetState) {
  const live = fleet.get(row.id);
  return {
    id: row.id,
    name: row.name,
    vehicle: row.vehicle,
    capacity: row.capacity,
    hubId: row.hubId,
    externalDeviceId: row.externalDeviceId,
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

/** Courier management (admins) and the fleet list with live state (anyone on the console). */
export const courierRoutes: FastifyPluginAsyncTypebox<CourierRoutesOptions> = async (
  app,
  { couriers, hubs, fleet, guard },
) => {
  const admin = guard.require('admin');
  const anyone = guard.console;
  const actor = (id: number) => ({ type: 'user' as const, id });

  app.post(
    '/api/v1/couriers',
    {
      preHandler: admin,
      schema: {
        tags: ['couriers'],
        summary: 'Create a courier; the device token is returned once and stored only hashed',
        body: CourierCreateSchema,
        response: { 201: CourierTokenSchema, ...errorResponses(400, 401, 403, 409) },
      },
    },
    async (request, reply) => {
      if (request.body.hubId) await hubs.get(request.body.hubId);
      const { courier, deviceToken } = await couriers.create(request.body, actor(request.user!.id));
      fleet.upsertCourier(courier.id, courier.hubId);
      return reply.status(201).send({ id: courier.id, deviceToken });
    },
  );

  app.get(
    '/api/v1/couriers',
    {
      preHandler: anyone,
      schema: {
        tags: ['couriers'],
        summary: 'List couriers with their live state',
        querystring: CourierListQuerySchema,
        response: { 200: CourierListSchema, ...errorResponses(401) },
      },
    },
    async (request) => ({
      couriers: (await couriers.list({ hubId: request.query.hubId })).map((c) =>
        courierBody(c, fleet),
      ),
    }),
  );

  app.get(
    '/api/v1/couriers/:id',
    {
      preHandler: anyone,
      schema: {
        tags: ['couriers'],
        summary: 'One courier with its live state',
        params: IdParamsSchema,
        response: { 200: CourierSchema, ...errorResponses(401, 404) },
      },
    },
    async (request) => {
      const row = await couriers.get(request.params.id);
      if (!row) throw new DomainError('not_found', `courier ${request.params.id} does not exist`);
      return courierBody(row, fleet);
    },
  );

  app.patch(
    '/api/v1/couriers/:id',
    {
      preHandler: admin,
      schema: {
        tags: ['couriers'],
        summary: 'Update a courier',
        params: IdParamsSchema,
        body: CourierPatchSchema,
        response: { 200: CourierSchema, ...errorResponses(400, 401, 403, 404, 409) },
      },
    },
    async (request) => {
      if (request.body.hubId) await hubs.get(request.body.hubId);
      const row = await couriers.update(request.params.id, request.body, actor(request.user!.id));
      if (row.active) fleet.upsertCourier(row.id, row.hubId);
      else fleet.removeCourier(row.id);
      return courierBody(row, fleet);
    },
  );

  app.post(
    '/api/v1/couriers/:id/token',
    {
      preHandler: admin,
      schema: {
        tags: ['couriers'],
        summary: 'Rotate the device token: a new one is returned once, the old one stops working',
        params: IdParamsSchema,
        response: { 200: CourierTokenSchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request) => ({
      id: request.params.id,
      deviceToken: await couriers.rotateToken(request.params.id, actor(request.user!.id)),
    }),
  );

  app.delete(
    '/api/v1/couriers/:id/token',
    {
      preHandler: admin,
      schema: {
        tags: ['couriers'],
        summary: 'Revoke the device token; connected devices are disconnected',
        params: IdParamsSchema,
        response: { 204: NoContentSchema, ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await couriers.revokeToken(request.params.id, actor(request.user!.id));
      return reply.status(204).send(null);
    },
  );
};
