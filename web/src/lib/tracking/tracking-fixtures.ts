import type { TrackingView } from '@dispatch/shared';
import { trackingTranslator } from './tracking-i18n';
import type { TrackingWords } from './tracking-timeline';
import type { TrackingClock } from './tracking-time';

/** 2025-01-15 14:00 in Campo Grande (UTC−4): the tests' "now". */
export const NOW = Date.UTC(2025, 0, 15, 18, 0);
export const MIN = 60_000;
export const CAMPO_GRANDE = 'America/Campo_Grande';

/** A 24-hour English clock in the hub's zone. */
export const CLOCK: TrackingClock = { timeZone: CAMPO_GRANDE, locale: 'en-GB', hourCycle: 'h23' };

export function wordsIn(language: TrackingView['language'], clock: TrackingClock = CLOCK) {
  return { t: trackingTranslator(language), clock, nowMs: NOW } satisfies TrackingWords;
}

/** An order received and waiting, with a 14:00–18:00 window today; override what a test needs. */
export function trackingView(overrides: Partial<TrackingView> = {}): TrackingView {
  return {
    phase: 'received',
    kind: 'delivery',
    orderRef: 'SHOP-1001',
    language: 'en',
    hub: { name: 'Campo Grande', timezone: CAMPO_GRANDE },
    address: 'Rua Bahia, 100',
    window: { start: NOW, end: NOW + 240 * MIN },
    etaWindow: null,
    stopsBefore: null,
    courier: null,
    destination: { lat: -20.4697, lng: -54.6201 },
    deliveredAt: null,
    recipientName: null,
    failure: null,
    instructions: null,
    can: { instruct: true, reschedule: true, collect: true },
    updatedAt: NOW,
    ...overrides,
  };
}

/** Out for delivery, 20 minutes away with two stops before, the courier shown. */
export function onTheWay(overrides: Partial<TrackingView> = {}): TrackingView {
  return trackingView({
    phase: 'out_for_delivery',
    etaWindow: { start: NOW + 20 * MIN, end: NOW + 40 * MIN },
    stopsBefore: 2,
    courier: { firstName: 'Rita', lat: -20.466, lng: -54.618, at: NOW - 10_000 },
    ...overrides,
  });
}
