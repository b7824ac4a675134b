import { eq, inArray } from 'drizzle-orm';
import { courierCell } from '@dispatch/shared';
import type { Orm } from '../db/client';
import { hubs, stops } from '../db/schema';

type StopRow = typeof stops.$inferSelect;

/** How long after the customer's window the parcel may reach the hub. */
export const DROP_OFF_SLACK_MS = 4 * 3_600_000;
/** Handing a parcel in at the hub's counter. */
const DROP_OFF_SERVICE_SECONDS = 60;

/** The reference a customer return imported without one gets: unique, as it holds the stop's id. */
export const returnOrderRef = (stopId: number) => `return-${stopId}`;

/**
 * The drop-offs at the hub of the customer returns among freshly inserted stops, inserted in the
 * caller's transaction: each `return_pickup` and its drop-off (a `delivery` at the hub's place,
 * no load of its own, due up to {@link DROP_OFF_SLACK_MS} after the customer's window) share the
 * order reference, so planning, suggestions and moves treat them as one order: the pickup first,
 * one courier. A return imported onto a route has its drop-off appended to the same route. A
 * return imported without a reference is given {@link returnOrderRef} (set on its row too).
 */
export async function addReturnDropOffs(
  tx: Pick<Orm, 'select' | 'insert' | 'update'>,
  inserted: StopRow[],
): Promise<StopRow[]> {
  const returns = inserted.filter((r) => r.kind === 'return_pickup' && r.hubId !== null);
  if (returns.length === 0) return [];
  const hubIds = [...new Set(returns.map((r) => r.hubId!))];
  const places = new Map(
    (
      await tx
        .select({ id: hubs.id, name: hubs.name, lat: hubs.lat, lng: hubs.lng })
        .from(hubs)
        .where(inArray(hubs.id, hubIds))
    ).map((h) => [h.id, h]),
  );
  const nextSeq = new Map<number, number>();
  for (const r of inserted) {
    if (r.courierId !== null && r.sequence !== null)
      nextSeq.set(r.courierId, Math.max(nextSeq.get(r.courierId) ?? 0, r.sequence));
  }
  const values: (typeof stops.$inferInsert)[] = [];
  for (const pickup of returns) {
    if (pickup.orderRef === null) {
      pickup.orderRef = returnOrderRef(pickup.id);
      await tx.update(stops).set({ orderRef: pickup.orderRef }).where(eq(stops.id, pickup.id));
    }
    const hub = places.get(pickup.hubId!)!;
    const seq = pickup.courierId === null ? null : nextSeq.get(pickup.courierId)! + 1;
    if (pickup.courierId !== null) nextSeq.set(pickup.courierId, seq!);
    values.push({
      hubId: pickup.hubId,
      kind: 'delivery',
      orderRef: pickup.orderRef,
      address: hub.name,
      lat: hub.lat,
      lng: hub.lng,
      cell: courierCell(hub.lat, hub.lng),
      windowStart: pickup.windowStart,
      windowEnd: new Date(pickup.windowEnd.getTime() + DROP_OFF_SLACK_MS),
      serviceSeconds: DROP_OFF_SERVICE_SECONDS,
      demand: 0,
      slaTier: pickup.slaTier,
      status: pickup.status,
      courierId: pickup.courierId,
      sequence: seq,
      routeVersion: pickup.routeVersion,
    });
  }
  const rows: StopRow[] = [];
  // A statement takes at most 65,535 parameters: a thousand stops at a time.
  for (let i = 0; i < values.length; i += 1000)
    rows.push(
      ...(await tx
        .insert(stops)
        .values(values.slice(i, i + 1000))
        .returning()),
    );
  return rows;
}
