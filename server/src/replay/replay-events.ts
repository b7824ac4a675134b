import type { ReplayEvent, ReplayEventKind } from '@dispatch/shared';

/** An event-log row with what its subject's record adds (alert and suggestion columns). */
export interface StoredEvent {
  /** Epoch ms. */
  at: number;
  kind: string;
  actorType: string;
  actorId: number | null;
  subjectType: string;
  subjectId: number | null;
  data: Record<string, unknown>;
  alertKind: string | null;
  alertCourierId: number | null;
  alertStopId: number | null;
  fromCourierId: number | null;
  toCourierId: number | null;
  suggestionStopIds: number[] | null;
  explanation: string | null;
}

/** Event-log kinds a replay reads. */
export const STORED_EVENT_KINDS = [
  'stop.arrived',
  'stop.delivered',
  'stop.failed',
  'stop.reassigned',
  'route.changed',
  'alert.opened',
  'alert.acknowledged',
  'alert.escalated',
  'alert.resolved',
  'suggestion.created',
  'suggestion.accepted',
  'suggestion.rejected',
];

const VISITS = new Set(['stop.arrived', 'stop.delivered', 'stop.failed']);
const ALERTS = new Set(['alert.opened', 'alert.acknowledged', 'alert.escalated', 'alert.resolved']);
const SUGGESTIONS: Record<string, ReplayEventKind> = {
  'suggestion.created': 'suggestion.created',
  'suggestion.accepted': 'suggestion.accepted',
  'suggestion.rejected': 'suggestion.rejected',
};

const num = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const text = (v: unknown): string => (typeof v === 'string' ? v : '');

/** When a visit happened: the time the device reported, else when it was logged. */
export function visitTime(row: Pick<StoredEvent, 'at' | 'data'>): number {
  return num(row.data.at) ?? row.at;
}

/** Why a stop moved, as the event list says it. */
function moveReason(reason: string): string {
  if (reason === 'manual') return 'by hand';
  if (reason.startsWith('suggestion')) return 'suggestion';
  return reason;
}

function blank(at: number, kind: ReplayEventKind): ReplayEvent {
  return {
    at,
    kind,
    courierId: null,
    stopId: null,
    subjectId: null,
    otherCourierId: null,
    note: '',
  };
}

/** One stored event as the replay lists it, or null for what the list leaves out. */
function listed(row: StoredEvent): ReplayEvent | null {
  if (VISITS.has(row.kind)) {
    return {
      ...blank(visitTime(row), row.kind as ReplayEventKind),
      courierId: row.actorType === 'courier' ? row.actorId : null,
      stopId: row.subjectId,
      note: text(row.data.reason),
    };
  }
  if (row.kind === 'stop.reassigned') {
    const reason = text(row.data.reason);
    const from = num(row.data.from);
    const to = num(row.data.to);
    // A plan is listed once (below); a re-ordering keeps each stop with its courier.
    if (reason === 'plan' || from === to) return null;
    return {
      ...blank(row.at, 'stop.moved'),
      courierId: to,
      otherCourierId: from,
      stopId: row.subjectId,
      note: moveReason(reason),
    };
  }
  if (row.kind === 'route.changed') {
    if (text(row.data.reason) !== 'resequence') return null;
    return { ...blank(row.at, 'route.resequenced'), courierId: row.subjectId };
  }
  if (ALERTS.has(row.kind)) {
    return {
      ...blank(row.at, row.kind as ReplayEventKind),
      courierId: row.alertCourierId,
      stopId: row.alertStopId,
      subjectId: row.subjectId,
      note: row.alertKind ?? '',
    };
  }
  const suggestion = SUGGESTIONS[row.kind];
  if (suggestion) {
    return {
      ...blank(row.at, suggestion),
      courierId: row.toCourierId,
      otherCourierId: row.fromCourierId,
      stopId: row.suggestionStopIds?.[0] ?? null,
      subjectId: row.subjectId,
      note: row.explanation ?? '',
    };
  }
  return null;
}

/** Whether a stored event concerns this courier (as the one acting, receiving or giving up work). */
function concerns(row: StoredEvent, courierId: number): boolean {
  if (row.subjectType === 'courier') return row.subjectId === courierId;
  if (VISITS.has(row.kind)) return row.actorType === 'courier' && row.actorId === courierId;
  if (row.kind === 'stop.reassigned')
    return num(row.data.from) === courierId || num(row.data.to) === courierId;
  if (ALERTS.has(row.kind)) return row.alertCourierId === courierId;
  return row.toCourierId === courierId || row.fromCourierId === courierId;
}

/**
 * The replay's event list, oldest first: stop visits, moves, alerts and suggestions, each plan
 * as one entry ("N stops onto M couriers"); with `courierId`, only what concerns that courier.
 */
export function replayEvents(
  rows: readonly StoredEvent[],
  courierId: number | null,
): ReplayEvent[] {
  const mine = courierId === null ? rows : rows.filter((r) => concerns(r, courierId));
  const events: ReplayEvent[] = [];
  // A plan's route changes share their transaction's time: one entry per plan.
  const plans = new Map<number, { couriers: Set<number>; stops: number }>();
  for (const row of mine) {
    const isPlan = text(row.data.reason) === 'plan';
    if (isPlan && (row.kind === 'route.changed' || row.kind === 'stop.reassigned')) {
      const plan = plans.get(row.at) ?? { couriers: new Set<number>(), stops: 0 };
      plans.set(row.at, plan);
      if (row.kind === 'route.changed' && row.subjectId !== null) plan.couriers.add(row.subjectId);
      if (row.kind === 'stop.reassigned') plan.stops++;
      continue;
    }
    const event = listed(row);
    if (event) events.push(event);
  }
  for (const [at, plan] of plans) {
    const couriers = [...plan.couriers];
    const onto =
      courierId !== null
        ? ''
        : ` onto ${couriers.length} courier${couriers.length === 1 ? '' : 's'}`;
    events.push({
      ...blank(at, 'route.planned'),
      courierId: couriers.length === 1 ? couriers[0]! : null,
      note: `${plan.stops} stop${plan.stops === 1 ? '' : 's'}${onto}`,
    });
  }
  return events.sort((a, b) => a.at - b.at);
}
