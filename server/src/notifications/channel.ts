import type {
  CustomerLanguage,
  NotificationEventType,
  StopKind,
  StopStatus,
} from '@dispatch/shared';

/** The stop as the outbox trigger saw it at the change (`notification_events.data`). */
export interface StopSnapshot {
  kind: StopKind;
  status: StopStatus;
  orderRef: string | null;
  windowStart: string;
  windowEnd: string;
  eta: string | null;
  courierId: number | null;
  attempts: number;
  failureCode: string | null;
  completedAt: string | null;
  collectAtHub: boolean;
}

/** One row of the outbox. */
export interface OutboxEvent {
  id: number;
  stopId: number;
  hubId: number | null;
  shopId: number | null;
  type: NotificationEventType;
  at: Date;
  data: StopSnapshot;
}

/** What a message to a customer is written from. */
export interface CustomerMessage {
  event: OutboxEvent;
  language: CustomerLanguage;
  customerName: string | null;
  hubName: string;
  /** The hub's IANA time zone: every time in the message is in it. */
  timeZone: string;
  trackingUrl: string | null;
  /** The promised arrival as a window (epoch ms), when one is known. */
  etaWindow: { start: number; end: number } | null;
  /** Who took the parcel, for `stop.delivered`. */
  recipientName: string | null;
}

/** How one attempt to send went. `retry: false` with `ok: false` gives up at once. */
export interface SendOutcome {
  ok: boolean;
  retry: boolean;
  statusCode?: number;
  error?: string;
}

/**
 * A way to reach customers (email, SMS). Without settings (`configured: false`) the sender marks
 * its deliveries `logged`: written to the log and shown in the console, not sent.
 */
export interface CustomerChannel {
  readonly channel: 'email' | 'sms';
  readonly configured: boolean;
  /** The address this channel reaches the stop's customer at, or null to skip it. */
  recipientOf(stop: { customerEmail: string | null; customerPhone: string | null }): string | null;
  /** Event types this channel tells customers about. */
  wants(type: NotificationEventType, kind: StopKind): boolean;
  send(recipient: string, message: CustomerMessage): Promise<SendOutcome>;
  close?(): Promise<void>;
}
