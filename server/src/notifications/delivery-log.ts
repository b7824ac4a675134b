import { and, desc, eq, type SQL } from 'drizzle-orm';
import {
  DomainError,
  type DeliveryStatus,
  type NotificationChannel,
  type NotificationDeliveryView,
  type NotificationEventType,
} from '@dispatch/shared';
import { EVERY_HUB, type HubScope } from '../auth/hub-scope';
import type { Orm } from '../db/client';
import { notificationDeliveries, notificationEvents, stops, webhooks } from '../db/schema';
import { appendEvents, type Actor } from '../events/event-log';

const d = notificationDeliveries;

const ms = (at: Date | string | null): number | null =>
  at === null ? null : new Date(at).getTime();

const VIEW_COLUMNS = {
  id: d.id,
  eventId: d.eventId,
  stopId: d.stopId,
  type: notificationEvents.type,
  channel: d.channel,
  webhookId: d.webhookId,
  recipient: d.recipient,
  status: d.status,
  attempts: d.attempts,
  lastStatusCode: d.lastStatusCode,
  lastError: d.lastError,
  nextAttemptAt: d.nextAttemptAt,
  sentAt: d.sentAt,
  createdAt: d.createdAt,
};

type ViewRow = {
  [K in keyof typeof VIEW_COLUMNS]: (typeof VIEW_COLUMNS)[K]['_']['data'] | null;
};

function deliveryView(row: ViewRow): NotificationDeliveryView {
  const status = row.status as DeliveryStatus;
  return {
    id: row.id!,
    eventId: row.eventId!,
    stopId: row.stopId!,
    type: row.type as NotificationEventType,
    channel: row.channel as NotificationChannel,
    webhookId: row.webhookId,
    recipient: row.recipient!,
    status,
    attempts: row.attempts!,
    lastStatusCode: row.lastStatusCode,
    lastError: row.lastError,
    nextAttemptAt: status === 'pending' ? ms(row.nextAttemptAt) : null,
    sentAt: ms(row.sentAt),
    createdAt: ms(row.createdAt)!,
  };
}

/** Filters of the delivery log. */
export interface DeliveryLogFilter {
  stopId?: number;
  status?: DeliveryStatus;
  webhookId?: number;
  limit: number;
  /** Whose deliveries: a user bound to a hub sees those of its stops (and of stops of no hub). */
  scope?: HubScope;
}

/**
 * The notifications log: which event went to whom and how it went, newest first; and sending a
 * delivery again on an admin's word.
 */
export class DeliveryLog {
  constructor(private readonly orm: Orm) {}

  /** Checks that stop `stopId` exists and is in `scope` (else `not_found`). */
  async checkStop(stopId: number, scope: HubScope): Promise<void> {
    const [row] = await this.orm
      .select({ hubId: stops.hubId })
      .from(stops)
      .where(eq(stops.id, stopId));
    if (!row) throw new DomainError('not_found', `there is no stop ${stopId}`);
    scope.assert(row.hubId, { type: 'stop', id: stopId });
  }

  async list(filter: DeliveryLogFilter): Promise<NotificationDeliveryView[]> {
    const where: (SQL | undefined)[] = [filter.scope?.condition(stops.hubId)];
    if (filter.stopId !== undefined) where.push(eq(d.stopId, filter.stopId));
    if (filter.status !== undefined) where.push(eq(d.status, filter.status));
    if (filter.webhookId !== undefined) where.push(eq(d.webhookId, filter.webhookId));
    const rows = await this.orm
      .select(VIEW_COLUMNS)
      .from(d)
      .innerJoin(notificationEvents, eq(notificationEvents.id, d.eventId))
      .leftJoin(stops, eq(stops.id, d.stopId))
      .where(and(...where))
      .orderBy(desc(d.id))
      .limit(filter.limit);
    return rows.map(deliveryView);
  }

  /**
   * Queues a `sent` or `dead` delivery again, now: its attempts and its retry period start over
   * (`created_at` becomes now). `conflict` for one still pending or only logged, or whose webhook
   * was disabled; `not_found` for one of a stop out of `scope`.
   */
  async resend(
    id: number,
    actor: Actor,
    scope: HubScope = EVERY_HUB,
    now = new Date(),
  ): Promise<NotificationDeliveryView> {
    return this.orm.transaction(async (tx) => {
      const [row] = await tx
        .select({
          status: d.status,
          stopId: d.stopId,
          webhookId: d.webhookId,
          disabledAt: webhooks.disabledAt,
          hubId: stops.hubId,
        })
        .from(d)
        .leftJoin(webhooks, eq(webhooks.id, d.webhookId))
        .leftJoin(stops, eq(stops.id, d.stopId))
        .where(eq(d.id, id))
        .for('update', { of: d });
      if (!row) throw new DomainError('not_found', `there is no delivery ${id}`);
      scope.assert(row.hubId, { type: 'stop', id: row.stopId });
      if (row.status !== 'sent' && row.status !== 'dead')
        throw new DomainError(
          'conflict',
          `only a sent or dead delivery can be sent again; this one is ${row.status}`,
          [{ path: 'status', message: row.status }],
        );
      if (row.webhookId !== null && row.disabledAt !== null)
        throw new DomainError('conflict', `the webhook ${row.webhookId} is disabled`);
      await tx
        .update(d)
        .set({
          status: 'pending',
          attempts: 0,
          nextAttemptAt: now,
          createdAt: now,
          sentAt: null,
          lastStatusCode: null,
          lastError: null,
        })
        .where(eq(d.id, id));
      await appendEvents(tx, actor, [
        {
          kind: 'notification.resent',
          subjectType: 'stop',
          subjectId: row.stopId,
          data: { deliveryId: id, was: row.status },
        },
      ]);
      const [view] = await tx
        .select(VIEW_COLUMNS)
        .from(d)
        .innerJoin(notificationEvents, eq(notificationEvents.id, d.eventId))
        .where(eq(d.id, id));
      return deliveryView(view!);
    });
  }
}
