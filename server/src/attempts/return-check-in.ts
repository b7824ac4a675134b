import { eq } from 'drizzle-orm';
import { DomainError, type ConsoleUser } from '@dispatch/shared';
import type { HubScope } from '../auth/hub-scope';
import type { Orm } from '../db/client';
import { stops } from '../db/schema';
import type { DomainBus } from '../events/bus';
import { appendEvents, type Actor, type EventInput } from '../events/event-log';
import { transition } from '../stops/stop-lifecycle';
import type { StopRow } from '../stops/stop-service';
import { stopChange } from './reattempt-service';
import { bumpRoute } from './route-versions';

/** Who checks a parcel in: a console user within their hub scope, or the courier who brought it back. */
export type CheckInBy =
  | { user: Pick<ConsoleUser, 'id'>; scope: HubScope }
  | { courierId: number; deviceT?: number | undefined };

/**
 * A returning parcel checked in at its hub: `returning → returned` with `returned_at`, off its
 * courier's route (whose version goes up), in one transaction with its events.
 */
export class ReturnCheckIn {
  constructor(
    private readonly orm: Orm,
    private readonly bus: DomainBus,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Checks the parcel of stop `stopId` in. A stop out of a user's scope is `not_found`; a
   * courier the parcel is not with; a stop not returning is a `conflict` naming its status. A
   * courier's device time is kept between the moment the parcel set off back and now.
   */
  async checkIn(stopId: number, by: CheckInBy): Promise<StopRow> {
    const actor: Actor =
      'user' in by ? { type: 'user', id: by.user.id } : { type: 'courier', id: by.courierId };
    const result = await this.orm.transaction(async (tx) => {
      const [stop] = await tx.select().from(stops).where(eq(stops.id, stopId)).for('update');
      if (!stop) throw new DomainError('not_found', `stop ${stopId} does not exist`);
      if ('user' in by) by.scope.assert(stop.hubId, { type: 'stop', id: stopId });
      else if (stop.courierId !== by.courierId)
        throw new DomainError('forbidden', `stop ${stopId} is not with this courier`);
      const status = transition(stop.status, 'returned', 'user' in by ? 'dispatcher' : 'courier');
      const nowMs = this.now();
      const at =
        'user' in by || by.deviceT === undefined
          ? nowMs
          : Math.min(nowMs, Math.max(by.deviceT, stop.updatedAt.getTime()));
      const [row] = await tx
        .update(stops)
        .set({ status, returnedAt: new Date(at), sequence: null, updatedAt: new Date(nowMs) })
        .where(eq(stops.id, stopId))
        .returning();
      const events: EventInput[] = [
        {
          kind: 'stop.returned',
          subjectType: 'stop',
          subjectId: stopId,
          data: { from: stop.status, courierId: stop.courierId, hubId: stop.hubId, at },
        },
      ];
      if (stop.courierId !== null)
        events.push(await bumpRoute(tx, stop.courierId, 'checked in at hub', stopId));
      await appendEvents(tx, actor, events);
      return row!;
    });
    this.bus.emit('stops:changed', [stopChange(result)]);
    if (result.courierId !== null) this.bus.emit('routes:changed', [result.courierId]);
    return result;
  }
}
