import { describe, expect, it } from 'vitest';
import { compileValidator, WebhookPayloadSchema } from '@dispatch/shared';
import type { OutboxEvent, StopSnapshot } from './channel';
import { webhookHeaders, webhookPayload } from './webhook-payload';
import { webhookSignature } from './webhook-signature';

const AT = Date.UTC(2026, 10, 26, 14, 0);
const MIN = 60_000;
const Payload = compileValidator(WebhookPayloadSchema, 'webhook payload');

/** The trigger's snapshot: timestamps as PostgreSQL writes them into jsonb. */
function snapshot(overrides: Partial<StopSnapshot> = {}): StopSnapshot {
  return {
    kind: 'delivery',
    status: 'en_route',
    orderRef: 'ORD-7',
    windowStart: '2026-11-26T14:00:00+00:00',
    windowEnd: '2026-11-26T16:00:00+00:00',
    eta: new Date(AT + 60 * MIN).toISOString().replace('Z', '+00:00'),
    courierId: 3,
    attempts: 0,
    failureCode: null,
    completedAt: null,
    collectAtHub: false,
    ...overrides,
  };
}

function outboxEvent(overrides: Partial<OutboxEvent> = {}): OutboxEvent {
  return {
    id: 1234,
    stopId: 77,
    hubId: 1,
    shopId: null,
    type: 'stop.eta_changed',
    at: new Date(AT),
    data: snapshot(),
    ...overrides,
  };
}

describe('webhookPayload', () => {
  it('carries the event as the shared schema describes it, times in ISO 8601 UTC', () => {
    const payload = webhookPayload(outboxEvent(), 'https://x.example/t/abc');
    expect(Payload.parse(payload)).toMatchObject({ ok: true });
    expect(payload).toEqual({
      id: '1234',
      type: 'stop.eta_changed',
      occurredAt: '2026-11-26T14:00:00.000Z',
      orderRef: 'ORD-7',
      stopId: 77,
      kind: 'delivery',
      status: 'en_route',
      window: { start: '2026-11-26T14:00:00.000Z', end: '2026-11-26T16:00:00.000Z' },
      // An hour away: ten minutes either side, rounded outwards to five.
      etaWindow: { start: '2026-11-26T14:50:00.000Z', end: '2026-11-26T15:10:00.000Z' },
      trackingUrl: 'https://x.example/t/abc',
    });
  });

  it('promises no arrival once the stop has ended, or before it has an ETA', () => {
    const delivered = outboxEvent({
      type: 'stop.delivered',
      data: snapshot({ status: 'delivered' }),
    });
    expect(webhookPayload(delivered, null).etaWindow).toBeNull();
    const created = outboxEvent({
      type: 'stop.created',
      data: snapshot({ status: 'unassigned', eta: null }),
    });
    expect(webhookPayload(created, null)).toMatchObject({ etaWindow: null, trackingUrl: null });
  });

  it('is the same for every attempt at the same event', () => {
    const event = outboxEvent();
    expect(JSON.stringify(webhookPayload(event, null))).toBe(
      JSON.stringify(webhookPayload(structuredClone(event), null)),
    );
  });
});

describe('webhookHeaders', () => {
  it('name the event, the attempt time and the signature of that time and body', () => {
    const body = '{"id":"1234"}';
    expect(
      webhookHeaders({
        eventId: 1234,
        body,
        secret: 'whsec_s',
        timestampS: 1_800_000_000,
        userAgent: 'Dispatch-Webhooks/1',
      }),
    ).toEqual({
      'content-type': 'application/json',
      'user-agent': 'Dispatch-Webhooks/1',
      'webhook-id': '1234',
      'webhook-timestamp': '1800000000',
      'webhook-signature': webhookSignature('whsec_s', 1_800_000_000, body),
    });
  });
});
