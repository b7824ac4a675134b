import {
  ErrorBodySchema,
  STOP_KINDS,
  STOP_STATUSES,
  VEHICLES,
  compileValidator,
} from '@dispatch/shared';
import Type, { type Static } from 'typebox';

// What the simulator reads from the server, checked at run time: the server is another program.

const CourierSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  vehicle: Type.Enum(VEHICLES),
  hubId: Type.Union([Type.Integer(), Type.Null()]),
  externalDeviceId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  active: Type.Boolean(),
  lastFix: Type.Union([
    Type.Object({ t: Type.Number(), lat: Type.Number(), lng: Type.Number() }),
    Type.Null(),
  ]),
  cell: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
export type ApiCourier = Static<typeof CourierSchema>;

const HubSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  lat: Type.Number(),
  lng: Type.Number(),
});
export type ApiHub = Static<typeof HubSchema>;

export const courierListValidator = compileValidator(
  Type.Object({ couriers: Type.Array(CourierSchema) }),
  'courier list',
);
export const hubListValidator = compileValidator(
  Type.Object({ hubs: Type.Array(HubSchema) }),
  'hub list',
);
export const deviceTokenValidator = compileValidator(
  Type.Object({ id: Type.Integer(), deviceToken: Type.String({ minLength: 1 }) }),
  'device token',
);
/** The server's error body, `{ code, message, details? }`. */
export const wireErrorBodyValidator = compileValidator(ErrorBodySchema, 'error body');

const RouteStopSchema = Type.Object({
  id: Type.Integer(),
  seq: Type.Number(),
  kind: Type.Enum(STOP_KINDS),
  status: Type.Enum(STOP_STATUSES),
  lat: Type.Number({ minimum: -90, maximum: 90 }),
  lng: Type.Number({ minimum: -180, maximum: 180 }),
  serviceSeconds: Type.Number({ minimum: 0 }),
});

/** Only the parts of a `route:updated` payload the simulator uses. */
export const routePayloadValidator = compileValidator(
  Type.Object({
    courierId: Type.Integer(),
    version: Type.Number(),
    stops: Type.Array(RouteStopSchema),
  }),
  'route',
);
