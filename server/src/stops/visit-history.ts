import { and, eq, gte, inArray, lte, max, sql } from 'drizzle-orm';
import type { Orm } from '../db/client';
import { events, pings, type stops } from '../db/schema';
import { DEVICE_CLOCK_SKEW_MS, PLACEMENT_EVENT_KINDS, type VisitHistory } from './visit-time';

type Tx = Pick<Orm, 'select'>;

/**
 * What bounds a visit's time (`visit-time.ts`), read in the visit's transaction: when the stop
 * was placed on the route, its arrival or earlier attempt, and the last fix the courier's device
 * sent live at least the clock skew before the report (an indexed look at one courier's pings
 * since the placement).
 */
export async function visitHistory(
  tx: Tx,
  stop: typeof stops.$inferSelect,
  courierId: number,
  receivedAt: number,
  completes: boolean,
): Promise<VisitHistory> {
  const [placement] = await tx
    .select({ at: max(events.at) })
    .from(events)
    .where(
      and(
        eq(events.subjectType, 'stop'),
        eq(events.subjectId, stop.id),
        inArray(events.kind, [...PLACEMENT_EVENT_KINDS]),
      ),
    );
  const placedAt = Math.max(stop.createdAt.getTime(), placement?.at?.getTime() ?? 0);
  const earlier = [completes ? stop.arrivedAt : null, stop.completedAt]
    .filter((d): d is Date => d !== null)
    .map((d) => d.getTime());
  const liveUntil = receivedAt - DEVICE_CLOCK_SKEW_MS;
  let lastLiveFixAt: number | null = null;
  if (liveUntil > placedAt) {
    const [live] = await tx
      .select({ at: max(pings.receivedAt) })
      .from(pings)
      .where(
        and(
          eq(pings.courierId, courierId),
          gte(pings.receivedAt, new Date(placedAt)),
          lte(pings.receivedAt, new Date(liveUntil)),
          sql`abs(extract(epoch from ${pings.receivedAt} - ${pings.t})) * 1000 <= ${DEVICE_CLOCK_SKEW_MS}`,
        ),
      );
    lastLiveFixAt = live?.at?.getTime() ?? null;
  }
  return {
    placedAt,
    earlierVisitAt: earlier.length > 0 ? Math.max(...earlier) : null,
    lastLiveFixAt,
  };
}
