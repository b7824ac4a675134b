import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import Type from 'typebox';
import { COURIER_STATUSES, DomainError, VEHICLES } from '@dispatch/shared';
import type { Guard } from '../auth/guard';
import type { FleetState } from '../fleet/fleet-state';
import { errorResponses, IdParams } from '../http/schemas';
import type { HubService } from '../hubs/hub-service';
import type { CourierRow, CourierService } from './courier-service';

const CourierFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  vehicle: Type.Enum(VEHICLES),
  hubId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  externalDeviceId: Type.Optional(
    Type.Union([Type.String({ minLength: 1, maxLength: 128 }), Type.Null()]),
  ),
  capacity: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  active: Type.Optional(Type.Boolean()),
  shiftStartMinute: Type.Optional(Type.Integer({ minimum: 0, maximum: 1440 })),
  shiftEndMinute: Type.Optional(Type.Integer({ minimum: 0, maximum: 1440 })),
};

const CourierCreate = Type.Object(CourierFields, { additionalProperties: false });
const CourierPatch = Type.Object(
  {
    ...CourierFields,
    name: Type.Optional(CourierFields.name),
    vehicle: Type.Optional(CourierFields.vehicle),
  },
  { additionalProperties: false, minProperties: 1 },
);

const LastFix = Type.Object({
  t: Type.Number({ description: 'Device time, epoch ms' }),
  lat: Type.Number(),
  lng: Type.Number(),
  speedMps: Type.Union([Type.Number(), Type.Null()]),
  heading: Type.Union([Type.Number(), Type.Null()]),
  accuracyMeters: Type.Union([Type.Number(), Type.Null()]),
  battery: Type.Union([Type.Number(), Type.Null()]),
});

const CourierBody = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  vehicle: Type.Enum(VEHICLES),
  capacity: Type.Integer(),
  hubId: Type.Union([Type.Integer(), Type.Null()]),
  externalDeviceId: Type.Union([Type.String(), Type.Null()]),
  active: Type.Boolean(),
  hasDeviceToken: Type.Boolean(),
  shiftStartMinute: Type.Integer(),
  shiftEndMinute: Type.Integer(),
  routeVersion: Type.Integer(),
  status: Type.Enum(COURIER_STATUSES),
  lastFix: Type.Union([LastFix, Type.Null()]),
  cell: Type.Union([Type.String(), Type.Null()]),
  lastPingAt: Type.Union([Type.Number(), Type.Null()]),
});

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
        body: CourierCreate,
        response: {
          201: Type.Object({ id: Type.Integer(), deviceToken: Type.String() }),
          ...errorResponses(400, 401, 403, 409),
        },
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
        querystring: Type.Object({ hubId: Type.Optional(Type.Integer({ minimum: 1 })) }),
        response: {
          200: Type.Object({ couriers: Type.Array(CourierBody) }),
          ...errorResponses(401),
        },
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
        params: IdParams,
        response: { 200: CourierBody, ...errorResponses(401, 404) },
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
        params: IdParams,
        body: CourierPatch,
        response: { 200: CourierBody, ...errorResponses(400, 401, 403, 404, 409) },
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
        params: IdParams,
        response: {
          200: Type.Object({ id: Type.Integer(), deviceToken: Type.String() }),
          ...errorResponses(401, 403, 404),
        },
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
        params: IdParams,
        response: { 204: Type.Null(), ...errorResponses(401, 403, 404) },
      },
    },
    async (request, reply) => {
      await couriers.revokeToken(request.params.id, actor(request.user!.id));
      return reply.status(204).send(null);
    },
  );
};
