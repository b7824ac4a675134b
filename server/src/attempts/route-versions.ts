import { eq, sql } from 'drizzle-orm';
import type { Orm } from '../db/client';
import { couriers, stops } from '../db/schema';
import type { EventInput } from '../events/event-log';

/** A transaction (or the database) as the writes in this folder use it. */
export type Tx = Pick<Orm, 'select' | 'insert' | 'update'>;

/**
 * Bumps a courier's route version (its route changed) and returns the `route.changed` event to
 * log with the change that caused it.
 */
export async function bumpRoute(
  tx: Tx,
  courierId: number,
  reason: string,
  stopId: number,
): Promise<EventInput> {
  const [bumped] = await tx
    .update(couriers)
    .set({ routeVersion: sql`${couriers.routeVersion} + 1`, updatedAt: new Date() })
    .where(eq(couriers.id, courierId))
    .returning({ version: couriers.routeVersion });
  return {
    kind: 'route.changed',
    subjectType: 'courier',
    subjectId: courierId,
    data: { version: bumped!.version, reason, stopId },
  };
}

/** The sequence after every stop a courier has had: a leg put there comes last. */
export async function lastSequence(tx: Tx, courierId: number): Promise<number> {
  const [row] = await tx
    .select({ max: sql<number>`coalesce(max(${stops.sequence}), 0)::int` })
    .from(stops)
    .where(eq(stops.courierId, courierId));
  return (row?.max ?? 0) + 1;
}
