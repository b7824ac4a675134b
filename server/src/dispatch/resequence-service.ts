import { DomainError, type ResequenceOutcome } from '@dispatch/shared';
import { EVERY_HUB, type HubScope } from '../auth/hub-scope';
import type { TravelTimeProvider } from '../eta/travel-time';
import type { Actor } from '../events/event-log';
import type { CourierRoster } from '../fleet/courier-roster';
import type { FleetState } from '../fleet/fleet-state';
import { bestOrder } from './live-planning';
import { pairState, pairsById } from './orders';
import type { ReassignService } from './reassign-service';

/**
 * Re-orders a courier's remaining stops into the best order from where it is now (the routing
 * core: every order up to 8 stops, search above; a shop order's pickup stays before its
 * delivery), applied like any route change: against the
 * route version the dispatcher saw, in one transaction, pushed to the device and consoles.
 */
export class ResequenceService {
  constructor(
    private readonly roster: CourierRoster,
    private readonly fleet: Pick<FleetState, 'get'>,
    private readonly provider: TravelTimeProvider,
    private readonly reassign: ReassignService,
  ) {}

  /** Re-orders the route of courier `courierId`, which must be in `scope` (else `not_found`). */
  async resequence(
    courierId: number,
    routeVersion: number,
    actor: Actor,
    scope: HubScope = EVERY_HUB,
  ): Promise<ResequenceOutcome> {
    const meta = this.roster.get(courierId);
    if (!meta) throw new DomainError('not_found', `courier ${courierId} is not active`);
    scope.assert(meta.profile.hubId, { type: 'courier', id: courierId });
    const fix = this.fleet.get(courierId)?.fix;
    if (!fix) throw new DomainError('conflict', `courier ${courierId} has no position yet`);
    // A stop being served stays first; the rest may move.
    const serving = meta.route.filter((s) => s.status === 'arrived');
    const movable = meta.route.filter((s) => s.status !== 'arrived');
    if (movable.length === 0) throw new DomainError('invalid', 'no stops to re-order');
    const now = Date.now();
    // A shop order on this route is picked up before it is delivered.
    const pairs = pairsById(movable);
    const precedence = movable.flatMap((stop, then) => {
      const pair = pairs.get(stop.id);
      if (!pair || pair.delivery.id !== stop.id || pairState(pair) !== 'open') return [];
      return [[movable.indexOf(pair.pickup), then] as const];
    });
    const plan = bestOrder(
      {
        start: { lat: fix.lat, lng: fix.lng },
        departAt: now,
        shiftEnd: now + 24 * 3600_000,
        capacity: Number.MAX_SAFE_INTEGER,
      },
      movable,
      this.provider,
      meta.vehicle,
      precedence,
    );
    const stopIds = plan.order.map((i) => movable[i]!.id);
    const result = await this.reassign.move(
      [{ stopIds, toCourierId: courierId, position: serving.length + 1 }],
      { [String(courierId)]: routeVersion },
      actor,
      'resequence',
      undefined,
      scope,
    );
    return {
      result,
      stopIds,
      feasible: plan.feasible,
      lateMinutes: Math.round(plan.lateSeconds / 60),
    };
  }
}
