import Type, { type Static } from 'typebox';
import { ALERT_KINDS, ALERT_SEVERITIES } from '../domain';
import { Nullable } from './common';

/** An alert as consoles and the REST API see it. Times are epoch ms. */
export const AlertViewSchema = Type.Object({
  id: Type.Integer(),
  kind: Type.Enum(ALERT_KINDS),
  severity: Type.Enum(ALERT_SEVERITIES),
  courierId: Nullable(Type.Integer()),
  stopId: Nullable(Type.Integer()),
  hubId: Nullable(Type.Integer()),
  openedAt: Type.Number(),
  acknowledgedAt: Nullable(Type.Number()),
  acknowledgedBy: Nullable(Type.Integer()),
  escalatedAt: Nullable(Type.Number()),
  resolvedAt: Nullable(Type.Number()),
  /** What the detector saw; the fields depend on the kind. */
  details: Type.Record(Type.String(), Type.Unknown()),
});
export type AlertView = Static<typeof AlertViewSchema>;

/** `GET /api/v1/alerts`: newest first. */
export const AlertListQuerySchema = Type.Object({
  status: Type.Enum(['open', 'resolved', 'all'], { default: 'open' }),
  kind: Type.Optional(Type.Array(Type.Enum(ALERT_KINDS))),
  courierId: Type.Optional(Type.Integer({ minimum: 1 })),
  limit: Type.Integer({ minimum: 1, maximum: 1000, default: 200 }),
});
export type AlertListQuery = Static<typeof AlertListQuerySchema>;

/** `GET /api/v1/alerts`. */
export const AlertListSchema = Type.Object({ alerts: Type.Array(AlertViewSchema) });
export type AlertList = Static<typeof AlertListSchema>;

/** `{ alert }`: the answer to acknowledging one. */
export const AlertReplySchema = Type.Object({ alert: AlertViewSchema });
export type AlertReply = Static<typeof AlertReplySchema>;
