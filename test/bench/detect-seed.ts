import { courierCell } from '@dispatch/shared';
import { couriers, stops } from '../../server/src/db/schema';
import type { App } from '../../server/src/app';
import type { MovingCourier, PlannedStop } from './detect-fleet';

/** One multi-row insert per this many rows. */
const CHUNK_ROWS = 1000;

/**
 * Stores a hub, the planned couriers (on shift around the clock) and their open stops with
 * one insert per 1000 rows, and sets each courier's database id. Returns the hub id.
 */
export async function seedDetectFleet(
  app: Pick<App, 'hubs' | 'db'>,
  fleet: { couriers: MovingCourier[]; stops: PlannedStop[][] },
  center: { lat: number; lng: number },
): Promise<number> {
  const hub = await app.hubs.create({ name: 'Bench hub', ...center }, { type: 'system' });
  for (let from = 0; from < fleet.couriers.length; from += CHUNK_ROWS) {
    const chunk = fleet.couriers.slice(from, from + CHUNK_ROWS);
    const inserted = await app.db.orm
      .insert(couriers)
      .values(
        chunk.map((c, i) => ({
          name: `Bench courier ${from + i + 1}`,
          vehicle: c.vehicle,
          capacity: 20,
          hubId: hub.id,
          status: 'en_route' as const,
          shiftStartMinute: 0,
          shiftEndMinute: 1440,
        })),
      )
      .returning({ id: couriers.id });
    inserted.forEach((row, i) => (chunk[i]!.id = row.id));
  }
  const rows = fleet.couriers.flatMap((c, i) =>
    fleet.stops[i]!.map((s, k) => ({
      hubId: hub.id,
      kind: 'delivery' as const,
      address: `Bench stop ${k + 1} of courier ${c.id}`,
      lat: s.lat,
      lng: s.lng,
      cell: courierCell(s.lat, s.lng),
      windowStart: new Date(s.windowStartMs),
      windowEnd: new Date(s.windowEndMs),
      serviceSeconds: s.serviceSeconds,
      slaTier: s.slaTier,
      status: 'assigned' as const,
      courierId: c.id,
      sequence: k + 1,
    })),
  );
  for (let from = 0; from < rows.length; from += CHUNK_ROWS) {
    await app.db.orm.insert(stops).values(rows.slice(from, from + CHUNK_ROWS));
  }
  return hub.id;
}
