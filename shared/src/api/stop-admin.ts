import Type, { type Static } from 'typebox';
import { SLA_TIERS, STOP_KINDS } from '../domain';
import { Nullable } from './common';

/**
 * `POST /api/v1/stops/import` and `/import/preview` query: the hub for rows that name none (the
 * import screen's hub list); local window times without an offset are read in that hub's zone.
 */
export const StopImportQuerySchema = Type.Object(
  { hubId: Type.Optional(Type.Integer({ minimum: 1 })) },
  { additionalProperties: false },
);
export type StopImportQuery = Static<typeof StopImportQuerySchema>;

/** One problem of an import: where (CSV line, or index in a JSON list), which column, and why. */
export const ImportProblemSchema = Type.Object({
  /** 1-based CSV line (the header is line 1); null for a JSON list. */
  line: Nullable(Type.Integer()),
  /** 0-based position in the list of stops. */
  index: Type.Integer(),
  /** The CSV column (snake_case) the problem is in; null when it is about the whole row. */
  column: Nullable(Type.String()),
  message: Type.String(),
});
export type ImportProblem = Static<typeof ImportProblemSchema>;

/** One row of an import as the server read it (defaults applied; null where unreadable). */
export const StopPreviewRowSchema = Type.Object({
  line: Nullable(Type.Integer()),
  orderRef: Nullable(Type.String()),
  kind: Nullable(Type.String()),
  address: Nullable(Type.String()),
  lat: Nullable(Type.Number()),
  lng: Nullable(Type.Number()),
  /** Epoch ms. */
  windowStart: Nullable(Type.Number()),
  windowEnd: Nullable(Type.Number()),
  serviceSeconds: Nullable(Type.Number()),
  demand: Nullable(Type.Number()),
  slaTier: Nullable(Type.String()),
  hubId: Nullable(Type.Number()),
  courierId: Nullable(Type.Number()),
});
export type StopPreviewRow = Static<typeof StopPreviewRowSchema>;

/** `POST /api/v1/stops/import/preview`: what an import would create, and every problem; writes nothing. */
export const StopImportPreviewSchema = Type.Object({
  stops: Type.Array(StopPreviewRowSchema),
  problems: Type.Array(ImportProblemSchema),
  /** At most this many problems are listed. */
  problemLimit: Type.Integer(),
});
export type StopImportPreview = Static<typeof StopImportPreviewSchema>;

const Instant = Type.Union([Type.String({ format: 'date-time' }), Type.Integer({ minimum: 0 })], {
  description: 'ISO 8601 date-time with an offset, or epoch milliseconds',
});

/**
 * `PATCH /api/v1/stops/:id`: what may change on a stop not yet completed. A stop on a route
 * stays there (its route version goes up); its hub changes only while it is unassigned.
 */
export const StopPatchSchema = Type.Object(
  {
    orderRef: Type.Optional(Nullable(Type.String({ minLength: 1, maxLength: 100 }))),
    kind: Type.Optional(Type.Enum(STOP_KINDS)),
    address: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    lat: Type.Optional(Type.Number({ minimum: -90, maximum: 90 })),
    lng: Type.Optional(Type.Number({ minimum: -180, maximum: 180 })),
    windowStart: Type.Optional(Instant),
    windowEnd: Type.Optional(Instant),
    serviceSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 4 * 3600 })),
    demand: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000 })),
    slaTier: Type.Optional(Type.Enum(SLA_TIERS)),
    hubId: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false, minProperties: 1 },
);
export type StopPatch = Static<typeof StopPatchSchema>;

/** `POST /api/v1/stops/hub`: give unassigned stops a hub (so they can be planned). */
export const StopHubAssignSchema = Type.Object(
  {
    stopIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 5000 }),
    hubId: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
);
export type StopHubAssign = Static<typeof StopHubAssignSchema>;

/** What `POST /api/v1/stops/hub` changed. */
export const StopHubAssignResultSchema = Type.Object({
  updated: Type.Integer(),
  ids: Type.Array(Type.Integer()),
});
export type StopHubAssignResult = Static<typeof StopHubAssignResultSchema>;
