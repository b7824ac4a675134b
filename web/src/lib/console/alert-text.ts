import type { AlertKind, AlertView } from '@dispatch/shared';
import { clockTime } from '../ui/clock-time';

export const ALERT_KIND_LABELS: Record<AlertKind, string> = {
  stalled: 'Stalled',
  offline: 'Offline',
  late_risk: 'Late risk',
  late: 'Late',
  sla_breach: 'SLA breach',
  hub_sla: 'Hub on-time rate',
  stuck_at_stop: 'Stuck at stop',
  failed_attempt: 'Failed attempt',
};

/** Names the console can look up for an alert's subject. */
export interface SubjectNames {
  courier: (id: number) => string;
  stop: (id: number) => string;
  hub: (id: number) => string;
}

/** Who or what an alert is about, in words. */
export function alertSubject(alert: AlertView, names: SubjectNames): string {
  const parts: string[] = [];
  if (alert.stopId !== null) parts.push(names.stop(alert.stopId));
  if (alert.courierId !== null) parts.push(names.courier(alert.courierId));
  if (parts.length === 0 && alert.hubId !== null) parts.push(names.hub(alert.hubId));
  return parts.join(' · ') || '—';
}

const num = (details: Record<string, unknown>, key: string): number | null => {
  const value = details[key];
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
};

const TIER_LABELS: Record<string, string> = {
  express: 'Express',
  same_day: 'Same-day',
  next_day: 'Next-day',
};

/** What the detector saw, in a sentence a dispatcher reads at a glance. */
function detectedDetail(alert: AlertView): string | null {
  const d = alert.details;
  switch (alert.kind) {
    case 'stalled': {
      const from = num(d, 'from');
      const minutes = num(d, 'minutes');
      if (from === null || minutes === null) return null;
      return `Not moving for ${Math.round(minutes)} min, since ${clockTime(from)}`;
    }
    case 'offline': {
      const since = num(d, 'silentSince') ?? num(d, 'lastReceivedAt');
      return since === null ? 'No ping received yet' : `No ping since ${clockTime(since)}`;
    }
    case 'late': {
      const end = num(d, 'windowEnd');
      return end === null ? null : `Window ended ${clockTime(end)}`;
    }
    case 'late_risk': {
      const eta = num(d, 'predictedArrival');
      const end = num(d, 'windowEnd');
      const late = num(d, 'minutesLate');
      if (eta === null || end === null || late === null) return null;
      return `Expected ${clockTime(eta)}, ${Math.round(late)} min after the window ends (${clockTime(end)})`;
    }
    case 'sla_breach': {
      const end = num(d, 'windowEnd');
      const grace = num(d, 'graceMinutes') ?? 0;
      const tier = TIER_LABELS[String(d.slaTier)] ?? 'The';
      if (end === null) return null;
      return grace > 0
        ? `${tier} promise broken: over ${grace} min past the window (${clockTime(end)})`
        : `${tier} promise broken: window ended ${clockTime(end)}`;
    }
    case 'stuck_at_stop': {
      const arrived = num(d, 'arrivedAt');
      const limit = num(d, 'limitMinutes');
      if (arrived === null) return null;
      return `At the stop since ${clockTime(arrived)}${limit === null ? '' : ` (limit ${Math.round(limit)} min)`}`;
    }
    case 'hub_sla': {
      const rate = num(d, 'onTimeRate');
      const target = num(d, 'target');
      const completions = num(d, 'completions');
      if (rate === null || target === null) return null;
      const of = completions === null ? '' : ` of ${completions}`;
      return `On time ${Math.round(rate * 100)}%${of} in the last hour; target ${Math.round(target * 100)}%`;
    }
    default:
      return null;
  }
}

/** A short line from the alert's details: the detector's finding, its message, or a few values. */
export function alertDetail(alert: AlertView): string {
  const detected = detectedDetail(alert);
  if (detected) return detected;
  const { details } = alert;
  for (const key of ['message', 'reason', 'explanation']) {
    const value = details[key];
    if (typeof value === 'string' && value) return value;
  }
  return Object.entries(details)
    .filter(([, v]) => typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean')
    .slice(0, 3)
    .map(
      ([k, v]) =>
        `${k.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()}: ${typeof v === 'number' ? Math.round(v * 10) / 10 : String(v)}`,
    )
    .join(', ');
}
