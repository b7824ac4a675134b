import type { Database } from '../db/client';
import type { RosterProfile } from '../fleet/courier-roster';

/** Couriers as the roster holds them, with their hub's timezone (all, or the given ones). */
export async function loadCourierProfiles(
  db: Pick<Database, 'query'>,
  ids?: readonly number[],
): Promise<RosterProfile[]> {
  const rows = await db.query<{
    id: number;
    name: string;
    hub_id: number | null;
    vehicle: string;
    capacity: number;
    active: boolean;
    shift_start_minute: number;
    shift_end_minute: number;
    timezone: string | null;
    last_ping_at: number | null;
  }>(
    `select c.id, c.name, c.hub_id, c.vehicle, c.capacity, c.active, c.shift_start_minute, c.shift_end_minute,
            h.timezone, (extract(epoch from c.last_ping_at) * 1000)::float8 as last_ping_at
     from couriers c left join hubs h on h.id = c.hub_id
     where $1::int[] is null or c.id = any($1::int[])`,
    [ids ? `{${ids.join(',')}}` : null],
  );
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    hubId: r.hub_id,
    vehicle: r.vehicle,
    capacity: r.capacity,
    active: r.active,
    shiftStartMinute: r.shift_start_minute,
    shiftEndMinute: r.shift_end_minute,
    timezone: r.timezone ?? 'UTC',
    lastPingAt: r.last_ping_at,
  }));
}
