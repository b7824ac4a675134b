import type { Database } from '../db/client';
import type { StoredFix } from '../detect/detection-service';

/**
 * Fixes received since `sinceMs` (flagged ones left out; of `courierIds` only, when given), per
 * courier in device-time order.
 */
export async function recentFixes(
  db: Pick<Database, 'query'>,
  sinceMs: number,
  courierIds?: readonly number[],
): Promise<StoredFix[]> {
  const rows = await db.query<{
    courier_id: number;
    t: number;
    received_at: number;
    lat: number;
    lng: number;
    accuracy_meters: number | null;
  }>(
    `select courier_id, (extract(epoch from t) * 1000)::float8 as t,
            (extract(epoch from received_at) * 1000)::float8 as received_at,
            lat, lng, accuracy_meters
     from pings where received_at >= $1 and flag is null
       and ($2::int[] is null or courier_id = any($2::int[]))
     order by courier_id, t`,
    [new Date(sinceMs).toISOString(), courierIds ? [...courierIds] : null],
  );
  return rows.map((r) => ({
    courierId: r.courier_id,
    t: r.t,
    receivedAt: r.received_at,
    lat: r.lat,
    lng: r.lng,
    accuracyMeters: r.accuracy_meters,
  }));
}

/**
 * A courier's positions of the last `minutes` by device time, oldest first (at most 20,000);
 * flagged fixes are left out.
 */
export function courierTrail(
  db: Pick<Database, 'query'>,
  courierId: number,
  minutes: number,
): Promise<{ t: number; lat: number; lng: number }[]> {
  return db.query<{ t: number; lat: number; lng: number }>(
    `select (extract(epoch from t) * 1000)::float8 as t, lat, lng from pings
     where courier_id = $1 and t > now() - make_interval(mins => $2) and flag is null
     order by t limit 20000`,
    [courierId, minutes],
  );
}
