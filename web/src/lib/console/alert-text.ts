import type { AlertKind, AlertView } from '@dispatch/shared';

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

/** A short line from the alert's details: its message if it has one, else a few of its values. */
export function alertDetail(alert: AlertView): string {
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
