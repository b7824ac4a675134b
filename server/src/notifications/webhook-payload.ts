import { etaWindowAround, type StopStatus, type WebhookPayload } from '@dispatch/shared';
import type { OutboxEvent } from './channel';
import { webhookSignature } from './webhook-signature';

/** Statuses in which a stop still has an arrival to promise. */
const AWAITED: ReadonlySet<StopStatus> = new Set(['assigned', 'en_route', 'arrived']);

const iso = (at: string | Date): string => new Date(at).toISOString();

/** The promised arrival as a window at the event's time (epoch ms), while one is known. */
export function etaWindowOf(event: OutboxEvent): { start: number; end: number } | null {
  const { eta, status } = event.data;
  if (eta === null || !AWAITED.has(status)) return null;
  return etaWindowAround(new Date(eta).getTime(), event.at.getTime());
}

/**
 * What a webhook receives for an outbox event: made from the event's snapshot and the stop's
 * tracking link only, so every attempt at an event carries the same body.
 */
export function webhookPayload(event: OutboxEvent, trackingUrl: string | null): WebhookPayload {
  const { data } = event;
  const eta = etaWindowOf(event);
  return {
    id: String(event.id),
    type: event.type,
    occurredAt: event.at.toISOString(),
    orderRef: data.orderRef,
    stopId: event.stopId,
    kind: data.kind,
    status: data.status,
    window: { start: iso(data.windowStart), end: iso(data.windowEnd) },
    etaWindow: eta ? { start: iso(new Date(eta.start)), end: iso(new Date(eta.end)) } : null,
    trackingUrl,
  };
}

/** The headers of one attempt: the event id to deduplicate by, its time and its signature. */
export function webhookHeaders(input: {
  eventId: number;
  body: string;
  secret: string;
  timestampS: number;
  userAgent: string;
}): Record<string, string> {
  return {
    'content-type': 'application/json',
    'user-agent': input.userAgent,
    'webhook-id': String(input.eventId),
    'webhook-timestamp': String(input.timestampS),
    'webhook-signature': webhookSignature(input.secret, input.timestampS, input.body),
  };
}
