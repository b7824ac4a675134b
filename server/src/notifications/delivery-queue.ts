import type { CustomerLanguage, NotificationChannel } from '@dispatch/shared';
import type { CustomerChannel, OutboxEvent } from './channel';
import type { PlannedDelivery } from './delivery-plan';

/** A delivery taken for an attempt, with everything the attempt is made from. */
export interface ClaimedDelivery {
  id: number;
  eventId: number;
  stopId: number;
  channel: NotificationChannel;
  webhookId: number | null;
  recipient: string;
  /** Attempts made before this one. */
  attempts: number;
  /** When it was queued (epoch ms): the retry period counts from here. */
  queuedAt: number;
  event: OutboxEvent;
  /** A webhook's signing secret; null when the webhook has been disabled. */
  secret: string | null;
  /** What a message to the customer is written from. */
  customer: {
    name: string | null;
    language: CustomerLanguage;
    hubName: string;
    timeZone: string;
    /** Who took the parcel, once delivered. */
    recipientName: string | null;
  };
}

/**
 * How an attempt ended, for the delivery log (times are epoch ms): `sent`; `failed`, attempted
 * again at `nextAttemptAt` or dead-lettered when it is null; `logged` (no transport set up for
 * its channel: written to the log, not sent).
 */
export type AttemptResult =
  | { deliveryId: number; outcome: 'sent'; at: number; statusCode: number | null }
  | {
      deliveryId: number;
      outcome: 'failed';
      at: number;
      statusCode: number | null;
      error: string;
      nextAttemptAt: number | null;
    }
  | { deliveryId: number; outcome: 'logged'; at: number };

/** The outbox and its deliveries, as the sender works them (`delivery-store.ts` over SQL). */
export interface DeliveryQueue {
  /**
   * Fans up to `limit` outbox events out to deliveries in one transaction, oldest first, and
   * marks them fanned out; answers how many events it took and the deliveries it made.
   */
  fanOut(
    limit: number,
    now: number,
    channels: readonly CustomerChannel[],
  ): Promise<{ events: number; deliveries: PlannedDelivery[] }>;
  /**
   * Takes up to `limit` due deliveries in the order rule (`delivery-order.ts`), leasing each
   * until `leaseUntil` so no other sender takes it meanwhile.
   */
  claim(options: {
    limit: number;
    now: number;
    leaseUntil: number;
    inFlight: readonly number[];
  }): Promise<ClaimedDelivery[]>;
  /**
   * Records attempts that ended, all in one write (all or none). A failure or a logging only
   * changes a delivery still pending (not one disabled or dead-lettered meanwhile). A retry that
   * was sent makes the other deliveries waiting in backoff for the same receiver due at once.
   */
  recordAttempts(results: readonly AttemptResult[]): Promise<void>;
  /** Deliveries still to send. */
  pendingCount(): Promise<number>;
}
