import type { CourierRoster } from '../fleet/courier-roster';
import type { Trigger } from './suggest';

/**
 * What ownership is asked about for a situation of no hub (`@dispatch/shared`'s `NO_HUB`): in a
 * cluster no node proposes for a hubless situation, as its writes could not be fenced.
 */
export { NO_HUB } from '@dispatch/shared';

/** A situation that asks for proposals. */
export interface PendingTrigger {
  trigger: Trigger;
  /** The alert that asked, if one did. */
  alertId: number | null;
  /** The hub whose auto-dispatch policy applies (null: the receiving courier's). */
  hubId: number | null;
  /**
   * The hub the situation is of, whose owner proposes for it (a new stop's hub), when `hubId`
   * does not say it; absent, it is read off the courier the situation is about.
   */
  situationHubId?: number | null;
}

/**
 * The hub whose owner proposes for a situation: the one it names, else the alert's (`hubId`),
 * else that of the courier it is about or of the stop as the roster holds it. Null: no hub.
 */
export function situationHub(
  pending: PendingTrigger,
  roster: Pick<CourierRoster, 'get' | 'ownerOf' | 'stop'>,
): number | null {
  if (pending.situationHubId !== undefined) return pending.situationHubId;
  if (pending.hubId !== null) return pending.hubId;
  const { trigger } = pending;
  if ('courierId' in trigger) return roster.get(trigger.courierId)?.profile.hubId ?? null;
  const onRoute = roster.stop(trigger.stopId);
  if (onRoute) return onRoute.hubId ?? roster.get(onRoute.courierId)?.profile.hubId ?? null;
  return null;
}
