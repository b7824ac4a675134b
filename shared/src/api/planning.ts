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
  /** Couriers who received stops, with how many. */
  couriers: Type.Array(
    Type.Object({
      courierId: Type.Integer(),
      name: Type.String(),
      added: Type.Integer(),
      totalStops: Type.Integer(),
    }),
  ),
  /** Planned stops predicted late, with the minutes. */
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
