import type { AlertKind, AlertView } from '@dispatch/shared';
import type { Translate } from '../i18n/translate';
import { clockTime, localizeServerTimes } from '../ui/clock-time';
import { inEnglish } from './in-english';

/** An alert kind's name for people ("Held up at a stop"). */
export function alertKindLabel(kind: AlertKind, t: Translate): string {
  return t(`console.alertKind.${kind}`);
}

const num = (details: Record<string, unknown>, key: string): number | null => {
  const value = details[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
};

/** Names the console can look up for an alert's subject. */
export interface SubjectNames {
  courier: (id: number) => string;
  stop: (id: number) => string;
  hub: (id: number) => string;
}

/** Who or what an alert is about, in words (the names say it; database ids never do). */
export function alertSubject(alert: AlertView, names: SubjectNames): string {
  const parts: string[] = [];
  if (alert.stopId !== null) parts.push(names.stop(alert.stopId));
  const courierId = alert.courierId ?? num(alert.details, 'courierId');
  if (courierId !== null) parts.push(names.courier(courierId));
  if (alert.hubId !== null) parts.push(names.hub(alert.hubId));
  return parts.join(' · ') || '—';
}

const SLA_TIERS: ReadonlySet<string> = new Set(['express', 'same_day', 'next_day']);

/** What the detector saw, in a sentence a dispatcher reads at a glance. */
function detectedDetail(
  alert: AlertView,
  clockTime: (epochMs: number) => string,
  t: Translate,
): string | null {
  const d = alert.details;
  switch (alert.kind) {
    case 'stalled': {
      const from = num(d, 'from');
      const minutes = num(d, 'minutes');
      if (from === null || minutes === null) return null;
      return t('console.alert.stalled', { minutes: Math.round(minutes), time: clockTime(from) });
    }
    case 'offline': {
      const since = num(d, 'silentSince') ?? num(d, 'lastReceivedAt');
      return since === null
        ? t('console.alert.offlineNoPing')
        : t('console.alert.offline', { time: clockTime(since) });
    }
    case 'late': {
      const end = num(d, 'windowEnd');
      return end === null ? null : t('console.alert.late', { time: clockTime(end) });
    }
    case 'late_risk': {
      const eta = num(d, 'predictedArrival');
      const end = num(d, 'windowEnd');
      const late = num(d, 'minutesLate');
      if (eta === null || end === null || late === null) return null;
      // At or below zero the stop is predicted inside the hub's safety margin, not past the end.
      return late > 0
        ? t('console.alert.lateRisk', {
            eta: clockTime(eta),
            minutes: Math.round(late),
            end: clockTime(end),
          })
        : t('console.alert.lateRiskInMargin', {
            eta: clockTime(eta),
            minutes: Math.round(-late),
            end: clockTime(end),
          });
    }
    case 'sla_breach': {
      const end = num(d, 'windowEnd');
      const grace = num(d, 'graceMinutes') ?? 0;
      const tier = String(d.slaTier);
      const promise = t(`console.alert.promise.${SLA_TIERS.has(tier) ? tier : 'unknown'}`);
      if (end === null) return null;
      return grace > 0
        ? t('console.alert.promiseGrace', { promise, grace, time: clockTime(end) })
        : t('console.alert.promiseEnded', { promise, time: clockTime(end) });
    }
    case 'stuck_at_stop': {
      const arrived = num(d, 'arrivedAt');
      const limit = num(d, 'limitMinutes');
      if (arrived === null) return null;
      return limit === null
        ? t('console.alert.atStop', { time: clockTime(arrived) })
        : t('console.alert.atStopLimit', { time: clockTime(arrived), limit: Math.round(limit) });
    }
    case 'hub_sla': {
      const rate = num(d, 'onTimeRate');
      const target = num(d, 'target');
      const completions = num(d, 'completions');
      if (rate === null || target === null) return null;
      const percents = { rate: Math.round(rate * 100), target: Math.round(target * 100) };
      return completions === null
        ? t('console.alert.hubRate', percents)
        : t('console.alert.hubRateOf', { ...percents, completions });
    }
    default:
      return null;
  }
}

/**
 * A short line from the alert's details: the detector's finding, its message, or a few values
 * (never the ids of records). Times with `clock`: the hub's time zone when the caller knows it.
 * Sentences in the language of `t` (English by default); values the server wrote stay as written.
 */
export function alertDetail(
  alert: AlertView,
  clock: (epochMs: number) => string = clockTime,
  t: Translate = inEnglish,
): string {
  const detected = detectedDetail(alert, clock, t);
  if (detected) return detected;
  const { details } = alert;
  for (const key of ['message', 'reason', 'explanation']) {
    const value = details[key];
    if (typeof value === 'string' && value) return localizeServerTimes(value);
  }
  return Object.entries(details)
    .filter(([k]) => !/(^id|Id|Ids)$/.test(k))
    .filter(([, v]) => typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean')
    .slice(0, 3)
    .map(
      ([k, v]) =>
        `${k.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}: ${typeof v === 'number' ? Math.round(v * 10) / 10 : String(v)}`,
    )
    .join(', ');
}
