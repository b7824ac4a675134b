import { describe, expect, it } from 'vitest';
import type { NotificationEventType, StopKind } from '@dispatch/shared';
import type { CustomerChannel } from './channel';
import { planDeliveries, type EventToFanOut, type WebhookTarget } from './delivery-plan';

function event(overrides: Partial<EventToFanOut> = {}): EventToFanOut {
  return {
    id: 10,
    stopId: 5,
    hubId: 1,
    shopId: null,
    type: 'stop.assigned',
    kind: 'delivery',
    customerEmail: 'ana@example.com',
    customerPhone: '+5511999990000',
    ...overrides,
  };
}

function webhook(overrides: Partial<WebhookTarget> = {}): WebhookTarget {
  return {
    id: 1,
    hubId: 1,
    shopId: null,
    url: 'https://a.example/hook',
    eventTypes: [],
    ...overrides,
  };
}

function channel(
  name: 'email' | 'sms',
  configured: boolean,
  wants: (type: NotificationEventType, kind: StopKind) => boolean = () => true,
): Pick<CustomerChannel, 'channel' | 'configured' | 'recipientOf' | 'wants'> {
  return {
    channel: name,
    configured,
    wants,
    recipientOf: (stop) => (name === 'email' ? stop.customerEmail : stop.customerPhone),
  };
}

const targets = (
  events: EventToFanOut[],
  hooks: WebhookTarget[],
  channels = [channel('email', true)],
) =>
  planDeliveries(events, hooks, channels).map(
    (d) => `${d.eventId} ${d.channel} ${d.recipient} ${d.status}`,
  );

describe('planDeliveries', () => {
  it("gives each event to its hub's webhooks, then to the customer's channels", () => {
    expect(
      planDeliveries([event()], [webhook()], [channel('email', true), channel('sms', true)]),
    ).toEqual([
      {
        eventId: 10,
        stopId: 5,
        channel: 'webhook',
        webhookId: 1,
        recipient: 'https://a.example/hook',
        status: 'pending',
      },
      {
        eventId: 10,
        stopId: 5,
        channel: 'email',
        webhookId: null,
        recipient: 'ana@example.com',
        status: 'pending',
      },
      {
        eventId: 10,
        stopId: 5,
        channel: 'sms',
        webhookId: null,
        recipient: '+5511999990000',
        status: 'pending',
      },
    ]);
  });

  it("keeps a shop's webhook to that shop's orders, and a hub's to its own hub", () => {
    const hooks = [
      webhook({ id: 1, shopId: 7, url: 'https://shop7.example' }),
      webhook({ id: 2, hubId: 2, url: 'https://hub2.example' }),
    ];
    expect(targets([event({ shopId: 7 }), event({ id: 11, shopId: 8 })], hooks, [])).toEqual([
      '10 webhook https://shop7.example pending',
    ]);
  });

  it('sends a webhook only the types it asked for (none named: every type)', () => {
    const hooks = [webhook({ eventTypes: ['stop.delivered'] })];
    expect(targets([event({ type: 'stop.assigned' })], hooks, [])).toEqual([]);
    expect(targets([event({ type: 'stop.delivered' })], hooks, [])).toEqual([
      '10 webhook https://a.example/hook pending',
    ]);
  });

  it('sends no webhook for a stop without a hub', () => {
    expect(targets([event({ hubId: null })], [webhook()], [])).toEqual([]);
  });

  it('logs instead of sending on a channel with no transport set up', () => {
    expect(targets([event()], [], [channel('sms', false)])).toEqual([
      '10 sms +5511999990000 logged',
    ]);
  });

  it('skips channels that do not tell of the type, or cannot reach the customer', () => {
    const onlyDelivered = channel('email', true, (type) => type === 'stop.delivered');
    expect(targets([event()], [], [onlyDelivered])).toEqual([]);
    expect(targets([event({ customerEmail: null })], [], [channel('email', true)])).toEqual([]);
  });

  it('gives an event once to two webhooks of a hub on the same URL', () => {
    const hooks = [webhook({ id: 4 }), webhook({ id: 2 })];
    expect(planDeliveries([event()], hooks, []).map((d) => d.webhookId)).toEqual([2]);
  });
});
