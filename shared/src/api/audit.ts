import Type, { type Static } from 'typebox';
import { Nullable } from './common';

/**
 * The audit trail: who changed what, when, read from the append-only event log by admins and
 * supervisors (`GET /api/v1/events`).
 */

/** Who can make a change: a console user, a courier, a shop's API key, the server, a customer, someone not signed in. */
export const AUDIT_ACTOR_TYPES = [
  'user',
  'courier',
  'api_key',
  'system',
  'customer',
  'anonymous',
] as const;
export type AuditActorType = (typeof AUDIT_ACTOR_TYPES)[number];

/** What an event is about. */
export const AUDIT_SUBJECT_TYPES = [
  'stop',
  'courier',
  'user',
  'hub',
  'route',
  'alert',
  'suggestion',
  'shop',
  'api_key',
] as const;
export type AuditSubjectType = (typeof AUDIT_SUBJECT_TYPES)[number];

/** Security events: failed sign-ins, lockouts, credential changes, refused requests. */
export const SECURITY_EVENT_KINDS = [
  'auth.login_failed',
  'auth.locked_out',
  'auth.password_changed',
  'user.changed',
  'device.token_rotated',
  'device.osmand_secret_issued',
  'device.refused',
  'scope.cross_hub_refused',
] as const;
export type SecurityKind = (typeof SECURITY_EVENT_KINDS)[number];

/** Events one page carries at most. */
export const MAX_AUDIT_PAGE = 500;

/** The last millisecond of the year 9999: later instants are not dates the database reads back. */
const MAX_EPOCH_MS = 253_402_300_799_999;

const Id = Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 });

/**
 * `GET /api/v1/events`: filters, all optional. `kind` is a comma-separated list of kinds, an
 * item ending in `.` matching every kind it starts (`stop.,auth.login_failed`). `before` is the
 * last event id of the page before (keyset paging, newest first).
 */
export const AuditQuerySchema = Type.Object(
  {
    kind: Type.Optional(
      Type.String({ pattern: '^[a-z_.]+(,[a-z_.]+)*$', maxLength: 1000, description: 'kinds' }),
    ),
    actorType: Type.Optional(Type.Enum(AUDIT_ACTOR_TYPES)),
    actorId: Type.Optional(Id),
    subjectType: Type.Optional(Type.Enum(AUDIT_SUBJECT_TYPES)),
    subjectId: Type.Optional(Id),
    hubId: Type.Optional(Id),
    from: Type.Optional(
      Type.Integer({ minimum: 0, maximum: MAX_EPOCH_MS, description: 'start, epoch ms' }),
    ),
    to: Type.Optional(
      Type.Integer({ minimum: 0, maximum: MAX_EPOCH_MS, description: 'end (exclusive), epoch ms' }),
    ),
    securityOnly: Type.Optional(Type.Boolean()),
    before: Type.Optional(
      Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, description: 'event id' }),
    ),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: MAX_AUDIT_PAGE, default: 100 })),
  },
  { additionalProperties: false },
);
export type AuditQuery = Static<typeof AuditQuerySchema>;

/** Who did it; `name` is the user's, the courier's or the API key's shop, else the actor type. */
export const AuditActorSchema = Type.Object({
  type: Type.String(),
  id: Nullable(Type.Integer()),
  name: Nullable(Type.String()),
});
export type AuditActor = Static<typeof AuditActorSchema>;

/**
 * What it was about: `label` is what the console calls it (a stop's order reference, else
 * `#id`; a courier's, user's, hub's, shop's or key's name; an alert's kind), `detail` a second
 * line (a stop's address, a user's email, a key's shop, a suggestion's explanation). Both null
 * when the subject no longer exists.
 */
export const AuditSubjectSchema = Type.Object({
  type: Type.String(),
  id: Nullable(Type.Integer()),
  label: Nullable(Type.String()),
  detail: Nullable(Type.String()),
});
export type AuditSubject = Static<typeof AuditSubjectSchema>;

export const AuditEventSchema = Type.Object({
  id: Type.Integer(),
  /** Epoch ms. */
  at: Type.Number(),
  kind: Type.String(),
  actor: AuditActorSchema,
  subject: AuditSubjectSchema,
  /** The event's hub: the one recorded with it, else its subject's. */
  hubId: Nullable(Type.Integer()),
  hubName: Nullable(Type.String()),
  data: Type.Record(Type.String(), Type.Unknown()),
});
export type AuditEvent = Static<typeof AuditEventSchema>;

/** A page of events, newest first, with the names of the couriers their data mentions. */
export const AuditPageSchema = Type.Object({
  events: Type.Array(AuditEventSchema),
  /** Courier names by id, for the `from`, `to` and `courierId` of the events' data. */
  couriers: Type.Record(Type.String(), Type.String()),
  /** `before` for the next (older) page, or null when this is the last. */
  nextBefore: Nullable(Type.Integer()),
});
export type AuditPage = Static<typeof AuditPageSchema>;
