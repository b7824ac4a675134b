import Type, { type Static } from 'typebox';
import { STOP_KINDS, STOP_STATUSES } from '../domain';
import { Nullable } from './common';
import { Instant } from './customers';

/**
 * Telling shops and customers what happens to their stops: the outbox's event types, channels
 * and delivery statuses, webhooks and the body they receive, the notifications log, and a stop's
 * tracking link for the console.
 */

/** An instant in a webhook body: ISO 8601, for receivers in any language. */
const IsoInstant = Type.String({ format: 'date-time' });

/** Stop events written to the outbox (migration 0009's trigger), as webhooks name them. */
export const NOTIFICATION_EVENT_TYPES = [
  'stop.created',
  'stop.assigned',
  'stop.out_for_delivery',
  'stop.eta_changed',
  'stop.arriving',
  'stop.delivered',
  'stop.failed',
  'stop.rescheduled',
  'stop.returned',
  'stop.cancelled',
] as const;
export type NotificationEventType = (typeof NOTIFICATION_EVENT_TYPES)[number];

export const NOTIFICATION_CHANNELS = ['webhook', 'email', 'sms'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** `pending` (to send), `sent`, `dead` (gave up after 24 h), `logged` (no transport set up). */
export const DELIVERY_STATUSES = ['pending', 'sent', 'dead', 'logged'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

// ---------------------------------------------------------------------------------------------
// Webhooks and the notifications log (admins)

export const WebhookCreateSchema = Type.Object(
  {
    hubId: Type.Integer({ minimum: 1 }),
    /** Only this shop's orders; omitted for every stop of the hub. */
    shopId: Type.Optional(Type.Integer({ minimum: 1 })),
    url: Type.String({ pattern: '^https?://[^\\s]+$', minLength: 8, maxLength: 2000 }),
    /** Empty or omitted: every type. */
    eventTypes: Type.Optional(Type.Array(Type.Enum(NOTIFICATION_EVENT_TYPES), { maxItems: 20 })),
  },
  { additionalProperties: false },
);
export type WebhookCreate = Static<typeof WebhookCreateSchema>;

export const WebhookViewSchema = Type.Object({
  id: Type.Integer(),
  hubId: Type.Integer(),
  shopId: Nullable(Type.Integer()),
  url: Type.String(),
  eventTypes: Type.Array(Type.Enum(NOTIFICATION_EVENT_TYPES)),
  createdAt: Instant,
  disabledAt: Nullable(Instant),
});
export type WebhookView = Static<typeof WebhookViewSchema>;

/** The signing secret is in this answer only. */
export const WebhookCreatedSchema = Type.Object({
  secret: Type.String(),
  webhook: WebhookViewSchema,
});
export type WebhookCreated = Static<typeof WebhookCreatedSchema>;

/**
 * What a webhook receives (JSON body). Headers: `Webhook-Id` (the event id, to deduplicate),
 * `Webhook-Timestamp` (Unix seconds) and `Webhook-Signature: v1=<hex HMAC-SHA256 of
 * "<timestamp>.<body>" with the webhook's secret>`.
 */
export const WebhookPayloadSchema = Type.Object({
  id: Type.String(),
  type: Type.Enum(NOTIFICATION_EVENT_TYPES),
  occurredAt: IsoInstant,
  orderRef: Nullable(Type.String()),
  stopId: Type.Integer(),
  kind: Type.Enum(STOP_KINDS),
  status: Type.Enum(STOP_STATUSES),
  window: Type.Object({ start: IsoInstant, end: IsoInstant }),
  /** The promised arrival as a window, while one is known. */
  etaWindow: Nullable(Type.Object({ start: IsoInstant, end: IsoInstant })),
  trackingUrl: Nullable(Type.String()),
});
export type WebhookPayload = Static<typeof WebhookPayloadSchema>;

/** One notification to one receiver, as the console's stop drawer and delivery log show it. */
export const NotificationDeliveryViewSchema = Type.Object({
  id: Type.Integer(),
  eventId: Type.Integer(),
  stopId: Type.Integer(),
  type: Type.Enum(NOTIFICATION_EVENT_TYPES),
  channel: Type.Enum(NOTIFICATION_CHANNELS),
  webhookId: Nullable(Type.Integer()),
  recipient: Type.String(),
  status: Type.Enum(DELIVERY_STATUSES),
  attempts: Type.Integer(),
  lastStatusCode: Nullable(Type.Integer()),
  lastError: Nullable(Type.String()),
  nextAttemptAt: Nullable(Instant),
  sentAt: Nullable(Instant),
  createdAt: Instant,
});
export type NotificationDeliveryView = Static<typeof NotificationDeliveryViewSchema>;

/** `GET /api/v1/webhooks`. */
export const WebhookListSchema = Type.Object({ webhooks: Type.Array(WebhookViewSchema) });
export type WebhookList = Static<typeof WebhookListSchema>;

/**
 * `GET /api/v1/notifications`: one stop's deliveries (`stopId`: anyone on the console who acts
 * for its hub), or the whole log (admins). Newest first.
 */
export const NotificationLogQuerySchema = Type.Object(
  {
    stopId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 })),
    status: Type.Optional(Type.Enum(DELIVERY_STATUSES)),
    webhookId: Type.Optional(Type.Integer({ minimum: 1, maximum: 2 ** 31 - 1 })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  },
  { additionalProperties: false },
);
export type NotificationLogQuery = Static<typeof NotificationLogQuerySchema>;

export const NotificationLogSchema = Type.Object({
  deliveries: Type.Array(NotificationDeliveryViewSchema),
});
export type NotificationLog = Static<typeof NotificationLogSchema>;

/** `GET /api/v1/stops/:id/tracking-link`: the stop's tracking page, for the console to copy. */
export const TrackingLinkSchema = Type.Object({ url: Type.String() });
export type TrackingLink = Static<typeof TrackingLinkSchema>;
