import { inArray } from 'drizzle-orm';
import type { RouteStop } from '@dispatch/shared';
import type { Orm } from '../db/client';
import { hubs, type stops } from '../db/schema';

type StopRow = typeof stops.$inferSelect;

/**
 * Returning stops (a failed parcel on its way back) as the last legs of their courier's route:
 * to the stop's hub, at the hub's place with its name as the address, after every open stop
 * (numbered on from the route's last), without the customer's phone, notes or instructions. The
 * order reference, customer name and parcels stay, so the courier knows which parcel goes back.
 */
export async function returnLegs(
  orm: Pick<Orm, 'select'>,
  returning: readonly StopRow[],
  afterSeq: number,
  toRouteStop: (row: StopRow) => RouteStop,
): Promise<RouteStop[]> {
  if (returning.length === 0) return [];
  const hubIds = [...new Set(returning.flatMap((r) => (r.hubId === null ? [] : [r.hubId])))];
  const places = new Map(
    (hubIds.length
      ? await orm
          .select({ id: hubs.id, name: hubs.name, lat: hubs.lat, lng: hubs.lng })
          .from(hubs)
          .where(inArray(hubs.id, hubIds))
      : []
    ).map((h) => [h.id, h]),
  );
  let seq = afterSeq;
  return returning.map((row) => {
    const hub = row.hubId === null ? undefined : places.get(row.hubId);
    seq = Math.max(row.sequence ?? 0, seq + 1);
    return {
      ...toRouteStop(row),
      seq,
      ...(hub ? { lat: hub.lat, lng: hub.lng, address: hub.name } : {}),
      eta: null,
      customerPhone: null,
      notes: null,
      requiresCode: false,
      instructions: null,
    };
  });
}
