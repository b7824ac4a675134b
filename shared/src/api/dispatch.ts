import Type, { type Static } from 'typebox';
import { SUGGESTION_STATUSES } from '../domain';
import { Nullable } from './common';

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
  movedStopIds: Type.Array(Type.Integer()),
  /** New route version per courier touched. */
  routeVersions: Type.Record(Type.String(), Type.Integer()),
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
