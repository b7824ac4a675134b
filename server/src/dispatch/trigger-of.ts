import type { AlertView } from '@dispatch/shared';
import type { Trigger } from './suggest';

/** Alert kinds that ask for reassignment proposals. */
export const TRIGGER_KINDS = new Set(['late_risk', 'late', 'stalled', 'offline', 'failed_attempt']);

/** Situations coalesce per stop and per courier: only the latest of each is worth computing. */
export function situationKey(trigger: Trigger): string {
  return 'stopId' in trigger ? `stop:${trigger.stopId}` : `courier:${trigger.courierId}`;
}

/** The situation an alert asks proposals for, or null when it names no stop or courier. */
export function triggerOf(alert: AlertView): Trigger | null {
  switch (alert.kind) {
    case 'late_risk':
    case 'late':
      return alert.stopId === null ? null : { kind: alert.kind, stopId: alert.stopId };
    case 'failed_attempt':
      return alert.stopId === null ? null : { kind: 'failed_attempt', stopId: alert.stopId };
    case 'stalled':
    case 'offline': {
      if (alert.courierId === null) return null;
      const from = alert.details.from ?? alert.details.silentSince;
      return {
        kind: alert.kind,
        courierId: alert.courierId,
        since: typeof from === 'number' ? from : alert.openedAt,
      };
    }
    default:
      return null;
  }
}
