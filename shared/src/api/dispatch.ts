import Type, { type Static } from 'typebox';
import { SUGGESTION_STATUSES } from '../domain';
import { Nullable } from './common';

/** What a suggestion is predicted to do, as the engine computed it. Times are epoch ms. */
export const SuggestionEffectSchema = Type.Object({
  /** Lateness of the moved stops before minus after, minutes (negative: a new stop will be late). */
  latenessRemovedMinutes: Type.Number(),
  /** Time the receiving routes gain, minutes. */
  addedMinutes: Type.Number(),
  /** The receiving routes' other stops that stay on time. */
  otherStopsOnTime: Type.Integer(),
  /** Other stops the move would make late. */
  otherStopsMadeLate: Type.Array(Type.Integer()),
  arrivals: Type.Array(Type.Object({ stopId: Type.Integer(), arriveAt: Type.Number() })),
});
export type SuggestionEffect = Static<typeof SuggestionEffectSchema>;

/** A proposed reassignment as consoles and the REST API see it. */
export const SuggestionViewSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.String(),
  stopIds: Type.Array(Type.Integer()),
  fromCourierId: Nullable(Type.Integer()),
  toCourierId: Nullable(Type.Integer()),
  /** Route versions the suggestion was computed against; a change since makes it a conflict. */
  fromRouteVersion: Nullable(Type.Integer()),
  toRouteVersion: Nullable(Type.Integer()),
  insertPosition: Nullable(Type.Integer()),
  score: Type.Number(),
  explanation: Type.String(),
  status: Type.Enum(SUGGESTION_STATUSES),
  createdAt: Type.Number(),
  /** The alert the suggestion answers, when an alert asked for it. */
  alertId: Type.Optional(Nullable(Type.Integer())),
  /** The predicted effect, when the engine made the suggestion. */
  effect: Type.Optional(Nullable(SuggestionEffectSchema)),
  /** Every courier that receives stops, in the order of the moves (several when a route is spread). */
  receiverIds: Type.Optional(Type.Array(Type.Integer())),
});
export type SuggestionView = Static<typeof SuggestionViewSchema>;

/** `GET /api/v1/suggestions`: newest first. */
export const SuggestionListQuerySchema = Type.Object({
  status: Type.Enum(['open', 'all'], { default: 'open' }),
});
export type SuggestionListQuery = Static<typeof SuggestionListQuerySchema>;

/** `GET /api/v1/suggestions`. */
export const SuggestionListSchema = Type.Object({ suggestions: Type.Array(SuggestionViewSchema) });
export type SuggestionList = Static<typeof SuggestionListSchema>;

/** `{ suggestion }`: the answer to rejecting one. */
export const SuggestionReplySchema = Type.Object({ suggestion: SuggestionViewSchema });
export type SuggestionReply = Static<typeof SuggestionReplySchema>;

/** Moving stops to another courier, with the route versions the dispatcher saw. */
export const ReassignRequestSchema = Type.Object(
  {
    stopIds: Type.Array(Type.Integer({ minimum: 1 }), { minItems: 1, maxItems: 500 }),
    toCourierId: Type.Integer({ minimum: 1 }),
    /** 1-based position on the receiving route; appended when absent. */
    position: Type.Optional(Type.Integer({ minimum: 1 })),
    /** Route version per courier involved (the current owners and the receiver), as last seen. */
    routeVersions: Type.Record(Type.String({ pattern: '^[0-9]+$' }), Type.Integer({ minimum: 0 })),
  },
  { additionalProperties: false },
);
export type ReassignRequest = Static<typeof ReassignRequestSchema>;

/** What a successful reassignment changed. */
export const ReassignResultSchema = Type.Object({
  /** Every stop moved, including the other stop of a shop order that came along with its order. */
  movedStopIds: Type.Array(Type.Integer()),
  /** New route version per courier touched. */
  routeVersions: Type.Record(Type.String(), Type.Integer()),
  /** What happened in plain words, e.g. "Moved order #A-17 (pickup and delivery) to Ben." */
  summary: Type.Optional(Type.String()),
});
export type ReassignResult = Static<typeof ReassignResultSchema>;

/** `{ result }`: the answer to a reassignment or an accepted suggestion. */
export const ReassignReplySchema = Type.Object({ result: ReassignResultSchema });
export type ReassignReply = Static<typeof ReassignReplySchema>;

/** `POST /api/v1/couriers/:id/resequence`: the route version the dispatcher saw. */
export const ResequenceRequestSchema = Type.Object(
  { routeVersion: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);
export type ResequenceRequest = Static<typeof ResequenceRequestSchema>;

/** What re-sequencing did: the new order and whether every window now holds. */
export const ResequenceOutcomeSchema = Type.Object({
  result: ReassignResultSchema,
  /** The remaining stops in their new order. */
  stopIds: Type.Array(Type.Integer()),
  feasible: Type.Boolean(),
  /** Total predicted lateness of the new order, minutes. */
  lateMinutes: Type.Number(),
});
export type ResequenceOutcome = Static<typeof ResequenceOutcomeSchema>;
