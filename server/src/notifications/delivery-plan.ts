import type { NotificationEventType, StopKind } from '@dispatch/shared';
import type { CustomerChannel } from './channel';

/** An outbox event to fan out, with how its stop's customer is reached now. */
export interface EventToFanOut {
  id: number;
  stopId: number;
  hubId: number | null;
  shopId: number | null;
  type: NotificationEventType;
  kind: StopKind;
  customerEmail: string | null;
  customerPhone: string | null;
}

/** An active webhook as fan-out matches it. */
export interface WebhookTarget {
  id: number;
  hubId: number;
  shopId: number | null;
  url: string;
  /** Empty: every type. */
  eventTypes: readonly string[];
}

/** A delivery to create: `logged` when its channel has no transport set up (never sent). */
export interface PlannedDelivery {
  eventId: number;
  stopId: number;
  channel: 'webhook' | 'email' | 'sms';
  webhookId: number | null;
  recipient: string;
  status: 'pending' | 'logged';
}

/** A webhook takes its hub's events (only its shop's, when it has one) of the types it asked for. */
export function webhookWants(webhook: WebhookTarget, event: EventToFanOut): boolean {
  if (event.hubId === null || webhook.hubId !== event.hubId) return false;
  if (webhook.shopId !== null && webhook.shopId !== event.shopId) return false;
  return webhook.eventTypes.length === 0 || webhook.eventTypes.includes(event.type);
}

/**
 * The deliveries of a batch of events: one per webhook that wants the event, then one per
 * customer channel that tells customers about its type and reaches this stop's customer. One
 * receiver gets an event once (two webhooks of a hub on the same URL: the older one).
 */
export function planDeliveries(
  events: readonly EventToFanOut[],
  webhooks: readonly WebhookTarget[],
  channels: readonly Pick<CustomerChannel, 'channel' | 'configured' | 'recipientOf' | 'wants'>[],
): PlannedDelivery[] {
  const planned: PlannedDelivery[] = [];
  const byId = [...webhooks].sort((a, b) => a.id - b.id);
  for (const event of events) {
    const seen = new Set<string>();
    const add = (d: PlannedDelivery) => {
      const key = `${d.channel} ${d.recipient}`;
      if (seen.has(key)) return;
      seen.add(key);
      planned.push(d);
    };
    for (const w of byId) {
      if (!webhookWants(w, event)) continue;
      add({
        eventId: event.id,
        stopId: event.stopId,
        channel: 'webhook',
        webhookId: w.id,
        recipient: w.url,
        status: 'pending',
      });
    }
    for (const channel of channels) {
      if (!channel.wants(event.type, event.kind)) continue;
      const recipient = channel.recipientOf(event);
      if (recipient === null) continue;
      add({
        eventId: event.id,
        stopId: event.stopId,
        channel: channel.channel,
        webhookId: null,
        recipient,
        status: channel.configured ? 'pending' : 'logged',
      });
    }
  }
  return planned;
}
