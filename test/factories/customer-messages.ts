import type { CustomerLanguage, NotificationEventType, StopKind } from '@dispatch/shared';
import type { CustomerMessage, StopSnapshot } from '../../server/src/notifications/channel';

/** A tracking link as the server makes them: the base, `/t/` and a 43-character token. */
export const SAMPLE_LINK =
  'https://track.example.com/t/' + 'AbCdEfGhIjKlMnOpQrStUvWxYz0123456789-_AbCdE';

/**
 * A message about a delivery in Campo Grande (UTC-4, no daylight saving): the event at 12:00
 * local on 2 May 2025, the window 14:00–16:00 local, the ETA window 14:20–14:40.
 */
export function sampleMessage(
  type: NotificationEventType,
  over: {
    language?: CustomerLanguage;
    kind?: StopKind;
    data?: Partial<StopSnapshot>;
    message?: Partial<Omit<CustomerMessage, 'event' | 'language'>>;
  } = {},
): CustomerMessage {
  const data: StopSnapshot = {
    kind: over.kind ?? 'delivery',
    status: 'en_route',
    orderRef: 'A-1042',
    windowStart: '2025-05-02T18:00:00.000Z',
    windowEnd: '2025-05-02T20:00:00.000Z',
    eta: '2025-05-02T18:30:00.000Z',
    courierId: 7,
    attempts: 1,
    failureCode: null,
    completedAt: null,
    collectAtHub: false,
    ...over.data,
  };
  return {
    event: {
      id: 501,
      stopId: 42,
      hubId: 1,
      shopId: null,
      type,
      at: new Date('2025-05-02T16:00:00.000Z'),
      data,
    },
    language: over.language ?? 'en',
    customerName: 'Maria Souza',
    hubName: 'Campo Grande Centro',
    timeZone: 'America/Campo_Grande',
    trackingUrl: SAMPLE_LINK,
    etaWindow: {
      start: Date.parse('2025-05-02T18:20:00Z'),
      end: Date.parse('2025-05-02T18:40:00Z'),
    },
    recipientName: null,
    ...over.message,
  };
}
