import Type, { type Static } from 'typebox';
import { COURIER_STATUSES, VEHICLES } from '../domain';

const CourierFields = {
  name: Type.String({ minLength: 1, maxLength: 200 }),
  vehicle: Type.Enum(VEHICLES),
  hubId: Type.Optional(Type.Union([Type.Integer({ minimum: 1 }), Type.Null()])),
  /** Id a GPS tracker or Traccar Client reports itself with (OsmAnd `id`). */
  externalDeviceId: Type.Optional(
    Type.Union([Type.String({ minLength: 1, maxLength: 128 }), Type.Null()]),
  ),
  /**
   * Whether the OsmAnd listener still takes the plain `externalDeviceId` (admins opt a courier in
   * for trackers that cannot be given a generated secret); off by default.
   */
  legacyDeviceId: Type.Optional(Type.Boolean()),
  capacity: Type.Optional(Type.Integer({ minimum: 0, maximum: 100_000 })),
  active: Type.Optional(Type.Boolean()),
  shiftStartMinute: Type.Optional(Type.Integer({ minimum: 0, maximum: 1440 })),
  shiftEndMinute: Type.Optional(Type.Integer({ minimum: 0, maximum: 1440 })),
};

/** `POST /api/v1/couriers` (admins). */
export const CourierCreateSchema = Type.Object(CourierFields, { additionalProperties: false });
export type CourierCreate = Static<typeof CourierCreateSchema>;

/** `PATCH /api/v1/couriers/:id` (admins): any of the creation fields, at least one. */
export const CourierPatchSchema = Type.Object(
  {
    ...CourierFields,
    name: Type.Optional(CourierFields.name),
    vehicle: Type.Optional(CourierFields.vehicle),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type CourierPatch = Static<typeof CourierPatchSchema>;

/** `GET /api/v1/couriers`. */
export const CourierListQuerySchema = Type.Object({
  hubId: Type.Optional(Type.Integer({ minimum: 1 })),
});
export type CourierListQuery = Static<typeof CourierListQuerySchema>;

/** A courier's last accepted fix. */
export const LastFixSchema = Type.Object({
  t: Type.Number({ description: 'Device time, epoch ms' }),
  lat: Type.Number(),
  lng: Type.Number(),
  speedMps: Type.Union([Type.Number(), Type.Null()]),
  heading: Type.Union([Type.Number(), Type.Null()]),
  accuracyMeters: Type.Union([Type.Number(), Type.Null()]),
  battery: Type.Union([Type.Number(), Type.Null()]),
});
export type LastFix = Static<typeof LastFixSchema>;

/** A courier with its live state from the fleet. */
export const CourierSchema = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  vehicle: Type.Enum(VEHICLES),
  capacity: Type.Integer(),
  hubId: Type.Union([Type.Integer(), Type.Null()]),
  /** Admins only: the tracker's own id (an OsmAnd tracker may use it only with `legacyDeviceId`). */
  externalDeviceId: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  /** Admins only: whether the OsmAnd listener still takes the plain external id. */
  legacyDeviceId: Type.Optional(Type.Boolean()),
  /** Admins only: when the current OsmAnd tracker secret was issued (epoch ms); null when none. */
  osmandSecretIssuedAt: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
  active: Type.Boolean(),
  hasDeviceToken: Type.Boolean(),
  /** Shift window in minutes after local midnight; a shift may run past midnight (start > end). */
  shiftStartMinute: Type.Integer(),
  shiftEndMinute: Type.Integer(),
  routeVersion: Type.Integer(),
  status: Type.Enum(COURIER_STATUSES),
  lastFix: Type.Union([LastFixSchema, Type.Null()]),
  /** Res-9 H3 cell of the last fix. */
  cell: Type.Union([Type.String(), Type.Null()]),
  lastPingAt: Type.Union([Type.Number(), Type.Null()]),
});
export type Courier = Static<typeof CourierSchema>;

/** `GET /api/v1/couriers`. */
export const CourierListSchema = Type.Object({ couriers: Type.Array(CourierSchema) });
export type CourierList = Static<typeof CourierListSchema>;

/** A courier's device token, returned once (creation, rotation); only its hash is stored. */
export const CourierTokenSchema = Type.Object({ id: Type.Integer(), deviceToken: Type.String() });
export type CourierToken = Static<typeof CourierTokenSchema>;

/**
 * A courier's OsmAnd tracker secret, returned once (issue, rotation); only its hash is stored.
 * Traccar Client takes it as its "device identifier".
 */
export const CourierOsmAndSecretSchema = Type.Object({
  id: Type.Integer(),
  secret: Type.String(),
  /** Epoch ms. */
  issuedAt: Type.Number(),
  /** The address trackers send to (`http://host:port`), when the server knows its public host. */
  osmandUrl: Type.Union([Type.String(), Type.Null()]),
  /** The port of the OsmAnd listener. */
  osmandPort: Type.Integer(),
});
export type CourierOsmAndSecret = Static<typeof CourierOsmAndSecretSchema>;
