import { DomainError, type ResequenceOutcome } from '@dispatch/shared';
import type { TravelTimeProvider } from '../eta/travel-time';
import type { Actor } from '../events/event-log';
import type { CourierRoster } from '../fleet/courier-roster';
import type { FleetState } from '../fleet/fleet-state';
import { bestOrder } from './live-planning';
import type { ReassignService } from './reassign-service';

/**
 * Re-orders a courier's remaining stops into the best order from where it is now (the routing
 * core: every order up to 8 stops, search above), applied like any route change: against the
 * route version the dispatcher saw, in one transaction, pushed to the device and consoles.
 */
export class ResequenceService {
  constructor(
    private readonly roster: CourierRoster,
    private readonly fleet: Pick<FleetState, 'get'>,
    private readonly provider: TravelTimeProvider,
    private readonly reassign: ReassignService,
  ) {}

  async resequence(
    courierId: number,
    routeVersion: number,
    actor: Actor,
  ): Promise<ResequenceOutcome> {
    const meta = this.roster.get(courierId);
    if (!meta) throw new DomainError('not_found', `courier ${courierId} is not active`);
    const fix = this.fleet.get(courierId)?.fix;
    if (!fix) throw new DomainError('conflict', `courier ${courierId} has no position yet`);
    // A stop being served stays first; the rest may move.
    const serving = meta.route.filter((s) => s.status === 'arrived');
    const movable = meta.route.filter((s) => s.status !== 'arrived');
    if (movable.length === 0) throw new DomainError('invalid', 'no stops to re-order');
    const now = Date.now();
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
    );
    const stopIds = plan.order.map((i) => movable[i]!.id);
    const result = await this.reassign.move(
      [{ stopIds, toCourierId: courierId, position: serving.length + 1 }],
      { [String(courierId)]: routeVersion },
      actor,
      'resequence',
    );
    return {
      result,
      stopIds,
      feasible: plan.feasible,
      lateMinutes: Math.round(plan.lateSeconds / 60),
    };
  }
}
