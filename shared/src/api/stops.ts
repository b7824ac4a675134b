import Type, { type Static } from 'typebox';
import { SLA_TIERS, STOP_KINDS, STOP_STATUSES, type StopKind } from '../domain';
import { Nullable } from './common';
import { TrackingInstructionsSchema } from './tracking';

const Instant = Type.Union([Type.String({ format: 'date-time' }), Type.Integer({ minimum: 0 })], {
  description: 'ISO 8601 date-time or epoch milliseconds',
});

/** One stop to import. */
export const StopInputSchema = Type.Object(
  {
    orderRef: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    kind: Type.Optional(Type.Enum(STOP_KINDS)),
    address: Type.String({ minLength: 1, maxLength: 500 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    windowStart: Instant,
    windowEnd: Instant,
    serviceSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 4 * 3600 })),
    demand: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
    slaTier: Type.Optional(Type.Enum(SLA_TIERS)),
    // Ids are PostgreSQL integers: a larger number names no row, and must not reach the query.
    hubId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 })),
    courierId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 })),
    customerName: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    customerPhone: Type.Optional(Type.String({ minLength: 3, maxLength: 32 })),
    /** Delivery instructions and notes the courier sees. */
    notes: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
    /** The courier must ask the customer for the stop's delivery code. */
    requiresCode: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type StopInput = Static<typeof StopInputSchema>;

export const MAX_STOPS_PER_IMPORT = 10_000;

/** What a stop is when the import does not say. */
export const DEFAULT_STOP_KIND = 'delivery' satisfies StopKind;

/** `POST /api/v1/stops`: stops to import, all or none. */
export const StopImportSchema = Type.Object(
  { stops: Type.Array(StopInputSchema, { minItems: 1, maxItems: MAX_STOPS_PER_IMPORT }) },
  { additionalProperties: false },
);
export type StopImport = Static<typeof StopImportSchema>;

/** What an import (JSON or CSV) created. */
export const StopImportResultSchema = Type.Object({
  imported: Type.Integer(),
  ids: Type.Array(Type.Integer()),
});
export type StopImportResult = Static<typeof StopImportResultSchema>;

/** `GET /api/v1/stops`: filters and paging, soonest window end first. */
export const StopListQuerySchema = Type.Object({
  status: Type.Optional(Type.Array(Type.Enum(STOP_STATUSES))),
  courierId: Type.Optional(Type.Integer({ minimum: 1 })),
  hubId: Type.Optional(Type.Integer({ minimum: 1 })),
  /** Only stops without a hub (they cannot be planned until they get one). */
  noHub: Type.Optional(Type.Boolean()),
  limit: Type.Integer({ minimum: 1, maximum: 5000, default: 500 }),
  offset: Type.Integer({ minimum: 0, default: 0 }),
});
export type StopListQuery = Static<typeof StopListQuerySchema>;

/** A stop as the REST API reports it. Times are epoch ms. */
export const StopSchema = Type.Object({
  id: Type.Integer(),
  hubId: Nullable(Type.Integer()),
  kind: Type.Enum(STOP_KINDS),
  orderRef: Nullable(Type.String()),
  address: Type.String(),
  lat: Type.Number(),
  lng: Type.Number(),
  /** Res-9 H3 cell of the stop. */
  cell: Type.String(),
  windowStart: Type.Number({ description: 'epoch ms' }),
  windowEnd: Type.Number({ description: 'epoch ms' }),
  serviceSeconds: Type.Integer(),
  demand: Type.Integer(),
  slaTier: Type.Enum(SLA_TIERS),
  status: Type.Enum(STOP_STATUSES),
  courierId: Nullable(Type.Integer()),
  sequence: Nullable(Type.Integer()),
  /** The courier's route version when this stop was last placed on the route. */
  routeVersion: Nullable(Type.Integer()),
  attempts: Type.Integer(),
  /** Predicted arrival, when known. */
  eta: Nullable(Type.Number()),
  /** Metres from the courier's live fix to the stop when it was delivered or failed. */
  completionDistanceMeters: Type.Optional(Nullable(Type.Number())),
  /** Delivered or failed more than 300 m from the stop. */
  farFromStop: Type.Optional(Type.Boolean()),
  // The customer, for the console's stop drawer; the server always sends them.
  customerName: Type.Optional(Nullable(Type.String())),
  customerPhone: Type.Optional(Nullable(Type.String())),
  customerEmail: Type.Optional(Nullable(Type.String())),
  /** What the customer asked of the courier from the tracking page. */
  instructions: Type.Optional(Nullable(TrackingInstructionsSchema)),
});
export type Stop = Static<typeof StopSchema>;

/** `GET /api/v1/stops`. */
export const StopListSchema = Type.Object({ stops: Type.Array(StopSchema) });
export type StopList = Static<typeof StopListSchema>;

/** A stop's state change pushed to consoles (`stop:changed`). */
export const StopChangeSchema = Type.Pick(StopSchema, [
  'id',
  'hubId',
  'status',
  'courierId',
  'sequence',
  'eta',
]);
export type StopChange = Static<typeof StopChangeSchema>;

/** A stop on a courier's route, as the device and the console see it. */
export const RouteStopSchema = Type.Object({
  id: Type.Integer(),
  seq: Type.Integer(),
  kind: Type.Enum(STOP_KINDS),
  status: Type.Enum(STOP_STATUSES),
  lat: Type.Number(),
  lng: Type.Number(),
  address: Type.String(),
  orderRef: Nullable(Type.String()),
  /** Window start and end (the promise), epoch ms. */
  windowStart: Type.Number(),
  windowEnd: Type.Number(),
  serviceSeconds: Type.Integer(),
  /** Predicted arrival, epoch ms, when known. */
  eta: Nullable(Type.Number()),
  // What the courier app shows; the server always sends them.
  /** Parcels (load units) to hand over or collect. */
  parcels: Type.Optional(Type.Integer()),
  customerName: Type.Optional(Nullable(Type.String())),
  customerPhone: Type.Optional(Nullable(Type.String())),
  notes: Type.Optional(Nullable(Type.String())),
  /** Ask the customer for the delivery code before handing over. */
  requiresCode: Type.Optional(Type.Boolean()),
  /** What the customer asked from the tracking page (a safe place, a neighbour, a door code). */
  instructions: Type.Optional(Nullable(TrackingInstructionsSchema)),
});
export type RouteStop = Static<typeof RouteStopSchema>;

/**
 * A courier's remaining route with its optimistic-concurrency version
 * (`GET /api/v1/couriers/:id/route`, `route:updated`).
 */
export const RoutePayloadSchema = Type.Object({
  courierId: Type.Integer(),
  version: Type.Integer(),
  stops: Type.Array(RouteStopSchema),
});
export type RoutePayload = Static<typeof RoutePayloadSchema>;
