import {
  ALERT_SEVERITIES,
  type AlertKind,
  type AlertSeverity,
  type AlertView,
} from '@dispatch/shared';
import { problemHeadline } from './headline';
import type {
  Lateness,
  Problem,
  ProblemContext,
  ProblemKind,
  ProblemOrder,
  ProblemStop,
} from './problem-types';

const MINUTE_MS = 60_000;
const SEVERITY_RANK = new Map<AlertSeverity, number>(ALERT_SEVERITIES.map((s, i) => [s, i]));

/** Which alert kind names a problem when several are present, most pressing first. */
const KIND_PRIORITY: readonly ProblemKind[] = [
  'offline',
  'stalled',
  'stuck_at_stop',
  'late',
  'failed_attempt',
  'late_risk',
  'hub_sla',
];

const STOP_KINDS: ReadonlySet<AlertKind> = new Set([
  'late',
  'late_risk',
  'sla_breach',
  'stuck_at_stop',
  'failed_attempt',
]);

/** Whole minutes for people: at least 1 when there is any. */
export function wholeMinutes(ms: number): number {
  return ms > 0 ? Math.max(1, Math.round(ms / MINUTE_MS)) : 0;
}

const num = (details: Record<string, unknown>, key: string): number | null => {
  const value = details[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
};

/** The more severe of two severities. */
export function worseSeverity(a: AlertSeverity, b: AlertSeverity): AlertSeverity {
  return (SEVERITY_RANK.get(a) ?? 0) >= (SEVERITY_RANK.get(b) ?? 0) ? a : b;
}

/** What one stop goes through, from its alerts (or, without any, from its ETA). */
interface StopState {
  stop: ProblemStop;
  lateness: Lateness | null;
  minutesLate: number;
  slaBreach: boolean;
  stuck: boolean;
  failedAttempt: boolean;
  alertIds: number[];
}

/** Alerts gathered under one problem key before they are read. */
interface Bucket {
  key: string;
  courierId: number | null;
  hubId: number | null;
  alerts: AlertView[];
  /** Alerts about a stop, by stop id. */
  byStop: Map<number, AlertView[]>;
}

/**
 * Turns open alerts into problems: one per courier (its late stops counted, a stall or an outage
 * with its stops' lateness attached), one per unassigned order, one per hub. "Late" supersedes
 * "late risk" on a stop, an SLA breach is a badge on its late stop, and a pickup and its
 * delivery are one order. Most severe first, then the most minutes late.
 */
export function groupProblems(alerts: readonly AlertView[], ctx: ProblemContext): Problem[] {
  const buckets = new Map<string, Bucket>();
  for (const alert of alerts) {
    if (alert.resolvedAt !== null) continue;
    const key = bucketKey(alert, ctx);
    let bucket = buckets.get(key.key);
    if (!bucket) {
      bucket = { ...key, alerts: [], byStop: new Map() };
      buckets.set(key.key, bucket);
    }
    bucket.alerts.push(alert);
    if (alert.stopId !== null && STOP_KINDS.has(alert.kind)) {
      const list = bucket.byStop.get(alert.stopId) ?? [];
      list.push(alert);
      bucket.byStop.set(alert.stopId, list);
    }
  }
  return [...buckets.values()].map((b) => readBucket(b, ctx)).sort(compareProblems);
}

/** Critical first, then the most minutes late, then the oldest. */
export function compareProblems(a: Problem, b: Problem): number {
  const bySeverity = (SEVERITY_RANK.get(b.severity) ?? 0) - (SEVERITY_RANK.get(a.severity) ?? 0);
  return (
    bySeverity ||
    b.worstMinutesLate - a.worstMinutesLate ||
    a.openedAt - b.openedAt ||
    a.key.localeCompare(b.key)
  );
}

function courierOf(alert: AlertView, ctx: ProblemContext): number | null {
  if (alert.courierId !== null) return alert.courierId;
  const fromStop = alert.stopId === null ? null : (ctx.stop(alert.stopId)?.courierId ?? null);
  return fromStop ?? num(alert.details, 'courierId');
}

function bucketKey(
  alert: AlertView,
  ctx: ProblemContext,
): { key: string; courierId: number | null; hubId: number | null } {
  const courierId = courierOf(alert, ctx);
  const stop = alert.stopId === null ? undefined : ctx.stop(alert.stopId);
  if (courierId !== null) {
    const hubId = alert.hubId ?? stop?.hubId ?? ctx.courierHub(courierId);
    return { key: `courier:${courierId}`, courierId, hubId };
  }
  if (alert.stopId !== null) {
    const ref = stop?.orderRef;
    return {
      key: ref ? `order:${ref}` : `stop:${alert.stopId}`,
      courierId: null,
      hubId: alert.hubId ?? stop?.hubId ?? null,
    };
  }
  return { key: `hub:${alert.hubId ?? 'none'}:${alert.kind}`, courierId: null, hubId: alert.hubId };
}

function readBucket(bucket: Bucket, ctx: ProblemContext): Problem {
  const kinds = new Set(bucket.alerts.map((a) => a.kind));
  const kind =
    KIND_PRIORITY.find((k) => kinds.has(k)) ?? (kinds.has('sla_breach') ? 'late' : 'hub_sla');
  const states = new Map<number, StopState>();
  for (const [stopId, alerts] of bucket.byStop) {
    const state = stopState(stopId, alerts, ctx);
    if (state) states.set(stopId, state);
  }
  // A stalled or silent courier's other open stops come along, judged by their ETAs.
  if ((kind === 'stalled' || kind === 'offline') && bucket.courierId !== null) {
    for (const stop of ctx.openStopsOf(bucket.courierId)) {
      if (!states.has(stop.id)) states.set(stop.id, etaState(stop, ctx.now));
    }
  }
  const orders = ordersOf([...states.values()]);
  const severity = bucket.alerts.map((a) => a.severity).reduce(worseSeverity, 'info');
  const problem: Omit<Problem, 'headline'> = {
    key: bucket.key,
    kind,
    kinds,
    severity,
    alertIds: bucket.alerts.map((a) => a.id).sort((a, b) => a - b),
    unacknowledgedIds: bucket.alerts
      .filter((a) => a.acknowledgedAt === null)
      .map((a) => a.id)
      .sort((a, b) => a - b),
    hubId: bucket.hubId,
    courierId: bucket.courierId,
    orders,
    stopIds: new Set(orders.flatMap((o) => o.stops.map((s) => s.id))),
    worstMinutesLate: orders.reduce((m, o) => Math.max(m, o.minutesLate), 0),
    openedAt: Math.min(...bucket.alerts.map((a) => a.openedAt)),
    escalated: bucket.alerts.some((a) => a.escalatedAt !== null),
  };
  return { ...problem, headline: problemHeadline(problem, bucket.alerts, ctx) };
}

function stopState(
  stopId: number,
  alerts: readonly AlertView[],
  ctx: ProblemContext,
): StopState | null {
  const stop = ctx.stop(stopId);
  const has = (k: AlertKind) => alerts.find((a) => a.kind === k);
  const late = has('late') ?? has('sla_breach');
  const risk = has('late_risk');
  const windowEnd = stop?.windowEnd ?? num((late ?? risk ?? alerts[0]!).details, 'windowEnd');
  const known: ProblemStop = stop ?? {
    id: stopId,
    kind: 'delivery',
    orderRef: null,
    address: ctx.t('problems.unloadedStop'),
    courierId: courierOf(alerts[0]!, ctx),
    hubId: alerts[0]!.hubId,
    eta: null,
    windowEnd: windowEnd ?? ctx.now,
    status: 'assigned',
  };
  let lateness: Lateness | null = null;
  let minutesLate = 0;
  if (late && windowEnd !== null) {
    lateness = 'late';
    minutesLate = wholeMinutes(Math.max(ctx.now, known.eta ?? 0) - windowEnd);
  } else if (risk) {
    lateness = 'at_risk';
    const predicted = num(risk.details, 'minutesLate');
    // Zero or less: predicted before the window ends, inside the hub's safety margin.
    minutesLate =
      predicted === null
        ? wholeMinutes((known.eta ?? 0) - (windowEnd ?? Infinity))
        : predicted > 0
          ? Math.max(1, Math.round(predicted))
          : Math.round(predicted);
  }
  return {
    stop: known,
    lateness,
    minutesLate,
    slaBreach: alerts.some((a) => a.kind === 'sla_breach'),
    stuck: alerts.some((a) => a.kind === 'stuck_at_stop'),
    failedAttempt: alerts.some((a) => a.kind === 'failed_attempt'),
    alertIds: alerts.map((a) => a.id),
  };
}

/** A stop with no alert of its own: late or at risk as its ETA says. */
function etaState(stop: ProblemStop, now: number): StopState {
  const base = { stop, slaBreach: false, stuck: false, failedAttempt: false, alertIds: [] };
  if (now > stop.windowEnd)
    return {
      ...base,
      lateness: 'late',
      minutesLate: wholeMinutes(Math.max(now, stop.eta ?? 0) - stop.windowEnd),
    };
  if (stop.eta !== null && stop.eta > stop.windowEnd)
    return { ...base, lateness: 'at_risk', minutesLate: wholeMinutes(stop.eta - stop.windowEnd) };
  return { ...base, lateness: null, minutesLate: 0 };
}

/** Stops with the same order reference (a pickup and its delivery) become one order. */
function ordersOf(states: readonly StopState[]): ProblemOrder[] {
  const byKey = new Map<string, StopState[]>();
  for (const state of states) {
    const key = state.stop.orderRef ? `ref:${state.stop.orderRef}` : `stop:${state.stop.id}`;
    byKey.set(key, [...(byKey.get(key) ?? []), state]);
  }
  const orders = [...byKey].map(([key, list]): ProblemOrder => {
    const stops = list.map((s) => s.stop).sort(pickupFirst);
    const lateness = list.some((s) => s.lateness === 'late')
      ? 'late'
      : list.some((s) => s.lateness === 'at_risk')
        ? 'at_risk'
        : null;
    return {
      key,
      label: stops[0]!.orderRef ?? stops[0]!.address,
      stops,
      lateness,
      minutesLate: Math.max(...list.map((s) => (s.lateness === lateness ? s.minutesLate : 0))),
      slaBreach: list.some((s) => s.slaBreach),
      stuck: list.some((s) => s.stuck),
      failedAttempt: list.some((s) => s.failedAttempt),
      alertIds: list.flatMap((s) => s.alertIds),
    };
  });
  const rank = (o: ProblemOrder) => (o.lateness === 'late' ? 2 : o.lateness === 'at_risk' ? 1 : 0);
  return orders.sort(
    (a, b) => rank(b) - rank(a) || b.minutesLate - a.minutesLate || a.label.localeCompare(b.label),
  );
}

function pickupFirst(a: ProblemStop, b: ProblemStop): number {
  return (a.kind === 'delivery' ? 1 : 0) - (b.kind === 'delivery' ? 1 : 0);
}
