import type { Database } from '../db/client';
import type { StoredFix } from '../detect/detection-service';

/** Fixes received since `sinceMs`, per courier in device-time order. */
export async function recentFixes(
  db: Pick<Database, 'query'>,
  sinceMs: number,
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
     from pings where received_at >= $1
     order by courier_id, t`,
    [new Date(sinceMs).toISOString()],
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

/** A courier's positions of the last `minutes` by device time, oldest first (at most 20,000). */
export function courierTrail(
  db: Pick<Database, 'query'>,
  courierId: number,
  minutes: number,
): Promise<{ t: number; lat: number; lng: number }[]> {
  return db.query<{ t: number; lat: number; lng: number }>(
    `select (extract(epoch from t) * 1000)::float8 as t, lat, lng from pings
     where courier_id = $1 and t > now() - make_interval(mins => $2) order by t limit 20000`,
    [courierId, minutes],
  );
}
