import Type, { type Static } from 'typebox';
import { Nullable } from './common';

/** `POST /api/v1/moves/preview`: what moving stops to a courier would do, before doing it. */
export const MovePreviewRequestSchema = Type.Object(
  {
    stopIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 50 }),
    toCourierId: Type.Integer({ minimum: 1 }),
    /** 1-based position on the receiving route; the cheapest place that keeps windows when absent. */
    position: Type.Optional(Type.Integer({ minimum: 1 })),
  },
  { additionalProperties: false },
);
export type MovePreviewRequest = Static<typeof MovePreviewRequestSchema>;

/** How late a courier's route runs: minutes summed over its late stops, and how many. */
export const RouteLatenessSchema = Type.Object({
  lateMinutes: Type.Number(),
  lateStops: Type.Integer(),
});
export type RouteLateness = Static<typeof RouteLatenessSchema>;

/** One courier a move touches: its route's lateness before and after, and the driving it adds. */
export const MoveCourierEffectSchema = Type.Object({
  courierId: Type.Integer(),
  name: Type.String(),
  before: RouteLatenessSchema,
  after: RouteLatenessSchema,
  /** Minutes of driving the move adds to this route (negative: driving saved). */
  addedDriveMinutes: Type.Number(),
  /** Route version the preview was computed against. */
  routeVersion: Type.Integer(),
});
export type MoveCourierEffect = Static<typeof MoveCourierEffectSchema>;

/** A moved stop on its new route: predicted arrival and lateness there. */
export const MovedStopSchema = Type.Object({
  stopId: Type.Integer(),
  orderRef: Nullable(Type.String()),
  /** 1-based position on the receiving route. */
  position: Type.Integer(),
  /** Predicted arrival, epoch ms. */
  eta: Type.Number(),
  /** Minutes after the window end (0 when on time). */
  lateMinutes: Type.Number(),
});
export type MovedStop = Static<typeof MovedStopSchema>;

/** The answer to a move preview. */
export const MovePreviewSchema = Type.Object({
  /** The stops that would move: those asked for and the other stops of their orders. */
  stopIds: Type.Array(Type.Integer()),
  toCourierId: Type.Integer(),
  /** 1-based position of the first moved stop on the receiving route. */
  position: Type.Integer(),
  /** False when no position keeps every other stop on time (and the shift and capacity). */
  fits: Type.Boolean(),
  /** Every courier involved: the current owners, then the receiver. */
  couriers: Type.Array(MoveCourierEffectSchema),
  moved: Type.Array(MovedStopSchema),
});
export type MovePreview = Static<typeof MovePreviewSchema>;

/** `GET /api/v1/stops/:id/candidates`. */
export const MoveCandidatesQuerySchema = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 20, default: 8 }),
});
export type MoveCandidatesQuery = Static<typeof MoveCandidatesQuerySchema>;

/** A courier who could take a stop, at its cheapest place. */
export const MoveCandidateSchema = Type.Object({
  courierId: Type.Integer(),
  name: Type.String(),
  /** 1-based position the stop(s) would take on its route. */
  position: Type.Integer(),
  /** Minutes of driving the move adds to its route. */
  addedDriveMinutes: Type.Number(),
  /** Minutes of lateness its route gains (the moved stops' included). */
  lateMinutesCaused: Type.Number(),
  /** Its stops (the moved ones included) that would be late and were not. */
  stopsMadeLate: Type.Integer(),
  /** Straight-line metres from where it is or will pass to the stop. */
  distanceMeters: Type.Number(),
  /** Predicted arrival at the stop, epoch ms. */
  eta: Type.Number(),
  routeVersion: Type.Integer(),
});
export type MoveCandidate = Static<typeof MoveCandidateSchema>;

/** Couriers ranked by the driving they would add; never the stop's current courier. */
export const MoveCandidateListSchema = Type.Object({
  stopId: Type.Integer(),
  /** The stops that would move with it (the rest of its order). */
  stopIds: Type.Array(Type.Integer()),
  currentCourierId: Nullable(Type.Integer()),
  candidates: Type.Array(MoveCandidateSchema),
});
export type MoveCandidateList = Static<typeof MoveCandidateListSchema>;
