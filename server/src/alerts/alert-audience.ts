import type { AlertView } from '@dispatch/shared';

/**
 * The hub whose consoles hear about an alert: its own, else its courier's (`courierHub`, from the
 * live fleet: `undefined` when the courier is not known there, so only users of every hub hear of
 * it), else none (every console, as something of no hub is in everyone's scope).
 */
export function alertHub(
  alert: Pick<AlertView, 'hubId' | 'courierId'>,
  courierHub: (courierId: number) => number | null | undefined,
): number | null | undefined {
  if (alert.hubId !== null) return alert.hubId;
  return alert.courierId === null ? null : courierHub(alert.courierId);
}
