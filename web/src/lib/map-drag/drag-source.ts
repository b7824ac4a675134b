import type { Role, Stop } from '@dispatch/shared';

/**
 * Who may move stops between couriers: every console role, as the server's reassignment and
 * move preview let through (`guard.console`).
 */
export const MOVING_ROLES: readonly Role[] = ['admin', 'supervisor', 'dispatcher'];

export function mayMoveStops(role: string): boolean {
  return (MOVING_ROLES as readonly string[]).includes(role);
}

/** Stops the reassignment still moves off a route; one at or past its door stays. */
const MOVABLE_ON_ROUTE: ReadonlySet<string> = new Set(['assigned', 'en_route']);

/**
 * The courier a stop can be dragged away from: the selected courier, when the stop is on its
 * route and can still be moved; else null (the press is a plain click).
 */
export function dragSourceOf(
  stop: Pick<Stop, 'courierId' | 'status'> | undefined,
  selectedCourierId: number | null,
): number | null {
  if (!stop || selectedCourierId === null || stop.courierId !== selectedCourierId) return null;
  return MOVABLE_ON_ROUTE.has(stop.status) ? selectedCourierId : null;
}
