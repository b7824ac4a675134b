import type { AlertView } from '@dispatch/shared';
import type { Translate } from '../i18n/translate';
import type { Problem, ProblemContext, ProblemOrder } from './problem-types';

const MINUTE_MS = 60_000;

const num = (details: Record<string, unknown>, key: string): number | null => {
  const value = details[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
};

/** "12 min", "2 h 5 min". */
export function durationLabel(minutes: number, t: Translate): string {
  const m = Math.max(0, Math.round(minutes));
  if (m < 60) return t('problems.duration.minutes', { minutes: m });
  const hours = Math.floor(m / 60);
  return m % 60 === 0
    ? t('problems.duration.hours', { hours })
    : t('problems.duration.hoursMinutes', { hours, minutes: m % 60 });
}

/** "late 42 min", or just "late" when the window closed this very minute. */
function lateBy(minutes: number, t: Translate): string {
  return minutes > 0
    ? t('problems.order.lateBy', { duration: durationLabel(minutes, t) })
    : t('problems.order.late');
}

/**
 * "expected 18 min late", or "expected 6 min before the window ends" for a stop at risk only
 * against the hub's safety margin (`minutes` 0 or less).
 */
function expectedBy(minutes: number, t: Translate): string {
  return minutes > 0
    ? t('problems.order.expectedLate', { duration: durationLabel(minutes, t) })
    : t('problems.order.expectedBeforeEnd', { duration: durationLabel(-minutes, t) });
}

/** What an order goes through, in a few words: "late 42 min", "expected 18 min late". */
export function orderStateText(order: ProblemOrder, t: Translate): string {
  const parts: string[] = [];
  if (order.lateness === 'late') parts.push(lateBy(order.minutesLate, t));
  if (order.lateness === 'at_risk') parts.push(expectedBy(order.minutesLate, t));
  if (order.stuck) parts.push(t('problems.order.heldUp'));
  if (order.failedAttempt) parts.push(t('problems.order.attemptFailed'));
  return parts.join(', ') || t('problems.order.onTime');
}

/** "3 stops late", "5 stops at risk", "4 stops waiting": what a halted courier holds up. */
function heldUpSuffix(orders: readonly ProblemOrder[], t: Translate): string {
  const late = orders.filter((o) => o.lateness === 'late').length;
  const risk = orders.filter((o) => o.lateness === 'at_risk').length;
  const parts: string[] = [];
  if (late > 0) parts.push(t('problems.stopsLate', { count: late }));
  if (risk > 0) parts.push(t('problems.stopsAtRisk', { count: risk }));
  if (parts.length === 0 && orders.length > 0)
    parts.push(t('problems.stopsWaiting', { count: orders.length }));
  return parts.length ? ` · ${parts.join(', ')}` : '';
}

/** "3 stops late, worst 42 min" or "ABC-12 late 42 min", plus those at risk. */
function latenessPhrase(orders: readonly ProblemOrder[], t: Translate): string {
  const late = orders.filter((o) => o.lateness === 'late');
  const risk = orders.filter((o) => o.lateness === 'at_risk');
  const worst = (list: ProblemOrder[]) => durationLabel(list[0]!.minutesLate, t);
  if (late.length > 0) {
    const most = late[0]!.minutesLate;
    const head =
      late.length === 1
        ? t('problems.orderState', { order: late[0]!.label, state: lateBy(most, t) })
        : most > 0
          ? t('problems.stopsLateWorst', { count: late.length, duration: worst(late) })
          : t('problems.stopsLate', { count: late.length });
    return risk.length > 0 ? `${head}; ${t('problems.moreAtRisk', { count: risk.length })}` : head;
  }
  if (risk.length === 1) {
    const state = expectedBy(risk[0]!.minutesLate, t);
    return t('problems.orderState', { order: risk[0]!.label, state });
  }
  if (risk.length > 1)
    return risk[0]!.minutesLate > 0
      ? t('problems.stopsAtRiskWorst', { count: risk.length, duration: worst(risk) })
      : t('problems.stopsAtRisk', { count: risk.length });
  return '';
}

function minutesSince(at: number | null, now: number): number | null {
  return at === null ? null : Math.max(0, Math.round((now - at) / MINUTE_MS));
}

/** A hub's on-time rate against its target: "Centro: on time 82% in the last hour, target 95%". */
function hubHeadline(
  problem: Omit<Problem, 'headline'>,
  alert: AlertView,
  ctx: ProblemContext,
): string {
  const { t } = ctx;
  const hub = problem.hubId === null ? t('problems.allHubs') : ctx.hubName(problem.hubId);
  const rate = num(alert.details, 'onTimeRate');
  const target = num(alert.details, 'target');
  if (rate === null || target === null) return t('problems.headline.hubBelowTarget', { hub });
  return t('problems.headline.hubRate', {
    hub,
    rate: Math.round(rate * 100),
    target: Math.round(target * 100),
  });
}

/**
 * The problem in plain words, in the language of `ctx.t`: "Ana: 3 stops late, worst 42 min",
 * "Bruno stalled 12 min · 5 stops at risk", "ABC-12 late 14 min, no courier", "Centro: on time
 * 82% in the last hour, target 95%".
 */
export function problemHeadline(
  problem: Omit<Problem, 'headline'>,
  alerts: readonly AlertView[],
  ctx: ProblemContext,
): string {
  const { t } = ctx;
  const of = (kind: AlertView['kind']) => alerts.find((a) => a.kind === kind);
  const { orders } = problem;
  if (problem.kind === 'hub_sla') return hubHeadline(problem, of('hub_sla') ?? alerts[0]!, ctx);
  if (problem.courierId === null) {
    const order = orders[0];
    const label = order?.label ?? t('problems.headline.someStop');
    if (problem.kind === 'failed_attempt')
      return t('problems.headline.failedNoCourier', { order: label });
    const state = order ? orderStateText(order, t) : t('problems.headline.needsCourier');
    return t('problems.headline.noCourier', { order: label, state });
  }
  const name = ctx.courierName(problem.courierId);
  switch (problem.kind) {
    case 'offline': {
      const d = of('offline')!.details;
      const silent = minutesSince(num(d, 'silentSince') ?? num(d, 'lastReceivedAt'), ctx.now);
      const head =
        silent === null
          ? t('problems.headline.offlineNoPing', { name })
          : t('problems.headline.offline', { name, duration: durationLabel(silent, t) });
      return head + heldUpSuffix(orders, t);
    }
    case 'stalled': {
      const alert = of('stalled')!;
      const minutes =
        num(alert.details, 'minutes') ??
        minutesSince(num(alert.details, 'from') ?? alert.openedAt, ctx.now) ??
        0;
      const head = t('problems.headline.stalled', { name, duration: durationLabel(minutes, t) });
      return head + heldUpSuffix(orders, t);
    }
    case 'stuck_at_stop': {
      const alert = of('stuck_at_stop')!;
      const where = orders.find((o) => o.stuck)?.label ?? t('problems.headline.someStopInside');
      const since = minutesSince(num(alert.details, 'arrivedAt'), ctx.now);
      const lateness = latenessPhrase(orders, t);
      const head =
        since === null
          ? t('problems.headline.heldUp', { name, where })
          : t('problems.headline.heldUpFor', { name, where, duration: durationLabel(since, t) });
      return lateness ? `${head} · ${lateness}` : head;
    }
    case 'failed_attempt': {
      const failed = orders.filter((o) => o.failedAttempt);
      const what =
        failed.length === 1
          ? t('problems.headline.attemptFailedAt', { order: failed[0]!.label })
          : t('problems.headline.attemptsFailed', { count: failed.length });
      const lateness = latenessPhrase(
        orders.filter((o) => !o.failedAttempt),
        t,
      );
      return t('problems.headline.courier', { name, what }) + (lateness ? ` · ${lateness}` : '');
    }
    default:
      return t('problems.headline.courier', {
        name,
        what: latenessPhrase(orders, t) || t('problems.headline.needsAttention'),
      });
  }
}
