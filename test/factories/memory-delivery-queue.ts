import type { CustomerLanguage, DeliveryStatus, NotificationEventType } from '@dispatch/shared';
import type {
  CustomerChannel,
  OutboxEvent,
  StopSnapshot,
} from '../../server/src/notifications/channel';
import { dueInOrder } from '../../server/src/notifications/delivery-order';
import {
  planDeliveries,
  type PlannedDelivery,
  type WebhookTarget,
} from '../../server/src/notifications/delivery-plan';
import type {
  AttemptResult,
  ClaimedDelivery,
  DeliveryQueue,
} from '../../server/src/notifications/delivery-queue';

/** A delivery row as the in-memory queue keeps it (times in epoch ms). */
export interface MemoryDelivery extends Omit<PlannedDelivery, 'status'> {
  id: number;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number;
  createdAt: number;
  lastStatusCode: number | null;
  lastError: string | null;
  sentAt: number | null;
}

interface MemoryEvent extends OutboxEvent {
  fannedOut: boolean;
  customerEmail: string | null;
  customerPhone: string | null;
}

/** A stop's snapshot for outbox events: an en-route delivery of order A-1, ETA unknown. */
export function snapshotOf(overrides: Partial<StopSnapshot> = {}): StopSnapshot {
  return {
    kind: 'delivery',
    status: 'en_route',
    orderRef: 'A-1',
    windowStart: '2026-11-26T14:00:00.000Z',
    windowEnd: '2026-11-26T16:00:00.000Z',
    eta: null,
    courierId: 1,
    attempts: 0,
    failureCode: null,
    completedAt: null,
    collectAtHub: false,
    ...overrides,
  };
}

/**
 * The delivery queue in memory, following the same rules as the database's (`delivery-plan.ts`
 * to fan out, `delivery-order.ts` to claim), for the sender's specs. Events and webhooks are
 * added by the test; `failNextRecord` makes the next record of an attempt throw, as a crash
 * between an attempt and its write would leave it.
 */
export class MemoryDeliveryQueue implements DeliveryQueue {
  readonly events: MemoryEvent[] = [];
  readonly deliveries: MemoryDelivery[] = [];
  readonly webhooks: (WebhookTarget & { secret: string; disabled: boolean })[] = [];
  customer = {
    name: 'Maria' as string | null,
    language: 'pt-BR' as CustomerLanguage,
    hubName: 'Centro',
    timeZone: 'America/Sao_Paulo',
    recipientName: 'Joana' as string | null,
  };
  failNextRecord = false;
  private nextEventId = 1;
  private nextDeliveryId = 1;

  addWebhook(fields: Partial<WebhookTarget> & { secret?: string } = {}): number {
    const id = this.webhooks.length + 1;
    this.webhooks.push({
      id,
      hubId: 1,
      shopId: null,
      url: `https://receiver-${id}.example/hook`,
      eventTypes: [],
      secret: `whsec_secret-${id}`,
      disabled: false,
      ...fields,
    });
    return id;
  }

  addEvent(
    stopId: number,
    type: NotificationEventType,
    at: number,
    fields: { data?: Partial<StopSnapshot>; email?: string | null; phone?: string | null } = {},
  ): number {
    const id = this.nextEventId++;
    this.events.push({
      id,
      stopId,
      hubId: 1,
      shopId: null,
      type,
      at: new Date(at),
      data: snapshotOf(fields.data),
      fannedOut: false,
      customerEmail: fields.email ?? null,
      customerPhone: fields.phone ?? null,
    });
    return id;
  }

  fanOut(limit: number, now: number, channels: readonly CustomerChannel[]) {
    const batch = this.events.filter((e) => !e.fannedOut).slice(0, limit);
    const planned = planDeliveries(
      batch.map((e) => ({ ...e, kind: e.data.kind })),
      this.webhooks.filter((w) => !w.disabled),
      channels,
    );
    for (const d of planned) {
      const exists = this.deliveries.some(
        (o) => o.eventId === d.eventId && o.channel === d.channel && o.recipient === d.recipient,
      );
      if (exists) continue;
      this.deliveries.push({
        ...d,
        id: this.nextDeliveryId++,
        attempts: 0,
        nextAttemptAt: now,
        createdAt: now,
        lastStatusCode: null,
        lastError: null,
        sentAt: null,
      });
    }
    for (const e of batch) e.fannedOut = true;
    return Promise.resolve({ events: batch.length, deliveries: planned });
  }

  claim(options: { limit: number; now: number; leaseUntil: number; inFlight: readonly number[] }) {
    const unfannedFrom = new Map<number, number>();
    for (const e of this.events) {
      if (!e.fannedOut && !unfannedFrom.has(e.stopId)) unfannedFrom.set(e.stopId, e.id);
    }
    const due = dueInOrder(this.deliveries, {
      now: options.now,
      limit: options.limit,
      inFlight: new Set(options.inFlight),
      unfannedFrom,
    });
    return Promise.resolve(
      due.map((row): ClaimedDelivery => {
        const d = this.delivery(row.id);
        d.nextAttemptAt = options.leaseUntil;
        const event = this.events.find((e) => e.id === d.eventId)!;
        const webhook = this.webhooks.find((w) => w.id === d.webhookId);
        return {
          id: d.id,
          eventId: d.eventId,
          stopId: d.stopId,
          channel: d.channel,
          webhookId: d.webhookId,
          recipient: d.recipient,
          attempts: d.attempts,
          queuedAt: d.createdAt,
          event: {
            id: event.id,
            stopId: event.stopId,
            hubId: event.hubId,
            shopId: event.shopId,
            type: event.type,
            at: event.at,
            data: event.data,
          },
          secret: webhook && !webhook.disabled ? webhook.secret : null,
          customer: { ...this.customer },
        };
      }),
    );
  }

  recordAttempts(results: readonly AttemptResult[]) {
    this.crashIfAsked();
    for (const r of results) {
      const d = this.delivery(r.deliveryId);
      if (r.outcome === 'sent') {
        Object.assign(d, {
          status: 'sent',
          attempts: d.attempts + 1,
          sentAt: r.at,
          lastStatusCode: r.statusCode,
          lastError: null,
        });
        continue;
      }
      if (d.status !== 'pending') continue;
      if (r.outcome === 'logged') {
        d.status = 'logged';
        continue;
      }
      d.attempts += 1;
      d.lastStatusCode = r.statusCode;
      d.lastError = r.error;
      if (r.nextAttemptAt === null) d.status = 'dead';
      else d.nextAttemptAt = r.nextAttemptAt;
    }
    return Promise.resolve();
  }

  pendingCount() {
    return Promise.resolve(this.deliveries.filter((d) => d.status === 'pending').length);
  }

  delivery(id: number): MemoryDelivery {
    const d = this.deliveries.find((x) => x.id === id);
    if (!d) throw new Error(`no delivery ${id}`);
    return d;
  }

  private crashIfAsked(): void {
    if (!this.failNextRecord) return;
    this.failNextRecord = false;
    throw new Error('the database went away');
  }
}
