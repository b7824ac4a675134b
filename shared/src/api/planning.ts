import Type, { type Static } from 'typebox';

/** What a dispatcher asks of a plan (`POST /api/v1/hubs/:id/plan`). */
export const PlanRequestSchema = Type.Object(
  {
    /** Search budget, ms (the matrix and the apply come on top). */
    timeLimitMs: Type.Optional(Type.Integer({ minimum: 1, maximum: 30_000 })),
    /** Most stops per courier, open ones included; balanced (1.2 × the average) by default. */
    maxStopsPerCourier: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    /** Plan stops nobody can serve on time where they add least lateness, not leave them out. */
    placeLateStops: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type PlanRequest = Static<typeof PlanRequestSchema>;

/** What planning a hub's unassigned stops did (`POST /api/v1/hubs/:id/plan`). */
export const PlanOutcomeSchema = Type.Object({
  hubId: Type.Integer(),
  /** Stops put on routes. */
  planned: Type.Integer(),
  /** Couriers who received new stops, with how many (a courier whose stops were only re-ordered is not one). */
  couriers: Type.Array(
    Type.Object({
      courierId: Type.Integer(),
      name: Type.String(),
      added: Type.Integer(),
      totalStops: Type.Integer(),
    }),
  ),
  /** Stops this plan put on routes that are predicted late, with the minutes. */
  late: Type.Array(Type.Object({ stopId: Type.Integer(), lateMinutes: Type.Number() })),
  /** Stops left unassigned, with why. */
  unplanned: Type.Array(Type.Object({ stopId: Type.Integer(), reason: Type.String() })),
  /** Predicted driving time of the added work, minutes. */
  travelMinutes: Type.Number(),
  maxStopsPerCourier: Type.Integer(),
  /** New route versions of the couriers who received stops. */
  routeVersions: Type.Record(Type.String(), Type.Integer()),
  elapsedMs: Type.Number(),
});
export type PlanOutcome = Static<typeof PlanOutcomeSchema>;

/** A courier's route in a plan preview: what it gains and how its day changes. */
export const PlanPreviewCourierSchema = Type.Object({
  courierId: Type.Integer(),
  name: Type.String(),
  /** Stops the plan adds to this route. */
  added: Type.Integer(),
  /** Stops already on the route that the plan puts in another order. */
  reordered: Type.Integer(),
  stopsBefore: Type.Integer(),
  stopsAfter: Type.Integer(),
  /** Straight-line distance of the route's remaining stops, km. */
  kmBefore: Type.Number(),
  kmAfter: Type.Number(),
  /** The route's stops predicted late. */
  lateBefore: Type.Integer(),
  lateAfter: Type.Integer(),
});
export type PlanPreviewCourier = Static<typeof PlanPreviewCourierSchema>;

/**
 * A plan computed but not applied (`POST /api/v1/hubs/:id/plan/preview`): what would move, in
 * plain numbers. It is kept for a few minutes under `planId`, to be accepted or discarded.
 */
export const PlanPreviewSchema = Type.Object({
  planId: Type.String(),
  hubId: Type.Integer(),
  /** Epoch ms the plan was made; it can be accepted until `expiresAt`. */
  createdAt: Type.Number(),
  expiresAt: Type.Number(),
  /** The hub's unassigned stops the plan looked at. */
  unassigned: Type.Integer(),
  /** Of those, the stops it puts on routes. */
  planned: Type.Integer(),
  /** Routes that change (new stops or a new order), busiest first. */
  couriers: Type.Array(PlanPreviewCourierSchema),
  /** Straight-line km of the changed routes, before and after. */
  km: Type.Object({ before: Type.Number(), after: Type.Number() }),
  /** Stops predicted late on the changed routes, before and after. */
  lateStops: Type.Object({ before: Type.Integer(), after: Type.Integer() }),
  /** Stops this plan would put on routes although predicted late. */
  late: Type.Array(
    Type.Object({ stopId: Type.Integer(), label: Type.String(), lateMinutes: Type.Number() }),
  ),
  /** Stops it leaves unassigned, with why. */
  unplanned: Type.Array(
    Type.Object({ stopId: Type.Integer(), label: Type.String(), reason: Type.String() }),
  ),
  maxStopsPerCourier: Type.Integer(),
});
export type PlanPreview = Static<typeof PlanPreviewSchema>;

/** `/api/v1/hubs/:id/plan/:planId`. */
export const PlanParamsSchema = Type.Object({
  id: Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 }),
  planId: Type.String({ pattern: '^[0-9a-f-]{36}$' }),
});
export type PlanParams = Static<typeof PlanParamsSchema>;
