import type { AlertView, SuggestionView } from '@dispatch/shared';
import { en } from '../i18n/messages/en';
import { ptBR } from '../i18n/messages/pt-br';
import { translator } from '../i18n/translate';
import type { ProblemContext, ProblemStop } from './problem-types';

/** 14:00 UTC on a test day. */
export const NOW = Date.UTC(2026, 10, 26, 14, 0);
export const MIN = 60_000;

let nextAlertId = 1;

/** An open alert; ids count up unless given. */
export function alertOf(kind: AlertView['kind'], overrides: Partial<AlertView> = {}): AlertView {
  return {
    id: nextAlertId++,
    kind,
    severity: 'warning',
    courierId: null,
    stopId: null,
    hubId: 1,
    openedAt: NOW - 5 * MIN,
    acknowledgedAt: null,
    acknowledgedBy: null,
    escalatedAt: null,
    resolvedAt: null,
    details: {},
    ...overrides,
  };
}

export function stopOf(id: number, overrides: Partial<ProblemStop> = {}): ProblemStop {
  return {
    id,
    kind: 'delivery',
    orderRef: `ORD-${id}`,
    address: `Rua ${id}`,
    courierId: 7,
    hubId: 1,
    eta: null,
    windowEnd: NOW + 60 * MIN,
    status: 'assigned',
    ...overrides,
  };
}

/** The console's messages in English and in Brazilian Portuguese, as the tests read them. */
export const inEnglish = translator('en', en, en);
export const inPortuguese = translator('pt-BR', ptBR, en);

const NAMES: Record<number, string> = { 7: 'Ana', 8: 'Bruno', 9: 'Cy' };

/** A console in English with these stops; couriers 7 Ana, 8 Bruno, 9 Cy of hub 1 "Centro". */
export function contextOf(stops: readonly ProblemStop[], now = NOW, t = inEnglish): ProblemContext {
  const byId = new Map(stops.map((s) => [s.id, s]));
  return {
    now,
    stop: (id) => byId.get(id),
    openStopsOf: (courierId) =>
      stops.filter((s) => s.courierId === courierId && s.status !== 'delivered'),
    courierName: (id) => NAMES[id] ?? `Courier ${id}`,
    hubName: () => 'Centro',
    courierHub: () => 1,
    t,
  };
}

export function suggestionOf(id: number, overrides: Partial<SuggestionView> = {}): SuggestionView {
  return {
    id,
    kind: 'late_risk',
    stopIds: [1],
    fromCourierId: 7,
    toCourierId: 8,
    fromRouteVersion: 3,
    toRouteVersion: 4,
    insertPosition: 2,
    score: 10,
    explanation: 'Move #ORD-1 from Ana to Bruno as 2nd stop',
    status: 'open',
    createdAt: NOW,
    alertId: null,
    effect: null,
    ...overrides,
  };
}
