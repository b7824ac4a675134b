import { OPEN_STOP_STATUSES, type SlaTier, type StopKind, type StopStatus } from '@dispatch/shared';
import type { Database } from '../db/client';

/** A courier as the monitor needs it: who, where it belongs, what it drives, when it works. */
export interface MonitoredCourier {
  id: number;
  name: string;
  hubId: number | null;
  vehicle: string;
  capacity: number;
  active: boolean;
  shiftStartMinute: number;
  shiftEndMinute: number;
  /** The hub's IANA timezone, which the shift minutes are in. */
  timezone: string;
  lastPingAt: number | null;
}

/** An open stop on a courier's route, in route order. */
export interface MonitoredStop {
  id: number;
  orderRef: string | null;
  courierId: number;
  hubId: number | null;
  kind: StopKind;
  status: StopStatus;
  sequence: number;
  lat: number;
  lng: number;
  windowStart: number;
  windowEnd: number;
  serviceSeconds: number;
  demand: number;
  attempts: number;
  slaTier: SlaTier;
  arrivedAt: number | null;
  eta: number | null;
}

/** One stored fix, for rebuilding motion after a restart. */
export interface StoredFix {
  courierId: number;
  t: number;
  receivedAt: number;
  lat: number;
  lng: number;
  accuracyMeters: number | null;
  speedMps: number | null;
}

/** A completed stop, for the hubs' rolling on-time rate. */
export interface Completion {
  hubId: number;
  completedAt: number;
  onTime: boolean;
}

const OPEN = `{${OPEN_STOP_STATUSES.join(',')}}`;

/** A stop as stored, whatever its status; `courierId` null when it is on no route. */
export type StoredStop = Omit<MonitoredStop, 'courierId' | 'sequence'> & {
  courierId: number | null;
  sequence: number;
};

interface StopRow {
  id: number;
  order_ref: string | null;
  courier_id: number | null;
  hub_id: number | null;
  kind: StopKind;
  status: StopStatus;
  sequence: number | null;
  lat: number;
  lng: number;
  window_start: number;
  window_end: number;
  service_seconds: number;
  demand: number;
  attempts: number;
  sla_tier: SlaTier;
  arrived_at: number | null;
  eta: number | null;
}

const STOP_COLUMNS = `id, order_ref, courier_id, hub_id, kind, status, sequence, lat, lng, demand, attempts,
  (extract(epoch from window_start) * 1000)::float8 as window_start,
  (extract(epoch from window_end) * 1000)::float8 as window_end,
  service_seconds, sla_tier,
  (extract(epoch from arrived_at) * 1000)::float8 as arrived_at,
  (extract(epoch from eta) * 1000)::float8 as eta`;

function toStop(r: StopRow, fallbackSequence: number): StoredStop {
  return {
    id: r.id,
    orderRef: r.order_ref,
    courierId: r.courier_id,
    hubId: r.hub_id,
    kind: r.kind,
    status: r.status,
    sequence: r.sequence ?? fallbackSequence,
    lat: r.lat,
    lng: r.lng,
    windowStart: r.window_start,
    windowEnd: r.window_end,
    serviceSeconds: r.service_seconds,
    demand: r.demand,
    attempts: r.attempts,
    slaTier: r.sla_tier,
    arrivedAt: r.arrived_at,
    eta: r.eta,
  };
}

/** The monitor's reads and writes: couriers, open routes, recent fixes, ETAs, learned models. */
export class MonitorStore {
  constructor(private readonly db: Database) {}

  async couriers(ids?: readonly number[]): Promise<MonitoredCourier[]> {
    const rows = await this.db.query<{
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

  /** Every hub's on-time target, for the hub SLA rule. */
  async hubTargets(): Promise<{ id: number; target: number }[]> {
    const rows = await this.db.query<{ id: number; on_time_target: number }>(
      'select id, on_time_target from hubs',
    );
    return rows.map((r) => ({ id: r.id, target: r.on_time_target }));
  }

  /** Open stops per courier in route order (all couriers, or the given ones). */
  async openRoutes(courierIds?: readonly number[]): Promise<Map<number, MonitoredStop[]>> {
    const rows = await this.db.query<StopRow>(
      `select ${STOP_COLUMNS} from stops
       where courier_id is not null and status = any($1::text[])
         and ($2::int[] is null or courier_id = any($2::int[]))
       order by courier_id, sequence nulls last, id`,
      [OPEN, courierIds ? `{${courierIds.join(',')}}` : null],
    );
    const routes = new Map<number, MonitoredStop[]>();
    for (const id of courierIds ?? []) routes.set(id, []);
    for (const r of rows) {
      let route = routes.get(r.courier_id!);
      if (!route) routes.set(r.courier_id!, (route = []));
      route.push({ ...toStop(r, route.length + 1), courierId: r.courier_id! });
    }
    return routes;
  }

  /** One stop in any status (one on no route has a null courier), or null. */
  async stop(id: number): Promise<StoredStop | null> {
    const [row] = await this.db.query<StopRow>(`select ${STOP_COLUMNS} from stops where id = $1`, [
      id,
    ]);
    return row ? toStop(row, 0) : null;
  }

  /** Fixes received since `sinceMs`, per courier in device-time order. */
  async recentFixes(sinceMs: number): Promise<StoredFix[]> {
    const rows = await this.db.query<{
      courier_id: number;
      t: number;
      received_at: number;
      lat: number;
      lng: number;
      accuracy_meters: number | null;
      speed_mps: number | null;
    }>(
      `select courier_id, (extract(epoch from t) * 1000)::float8 as t,
              (extract(epoch from received_at) * 1000)::float8 as received_at,
              lat, lng, accuracy_meters, speed_mps
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
      speedMps: r.speed_mps,
    }));
  }

  /** Stops of hubs completed since `sinceMs` (delivered or failed), with whether within window. */
  async completionsSince(sinceMs: number): Promise<Completion[]> {
    const rows = await this.db.query<{ hub_id: number; completed_at: number; on_time: boolean }>(
      `select hub_id, (extract(epoch from completed_at) * 1000)::float8 as completed_at,
              completed_at <= window_end as on_time
       from stops
       where hub_id is not null and status = 'delivered' and completed_at >= $1
       order by completed_at`,
      [new Date(sinceMs).toISOString()],
    );
    return rows.map((r) => ({ hubId: r.hub_id, completedAt: r.completed_at, onTime: r.on_time }));
  }

  /** What a failed attempt needs for its alert: the stop's hub, courier, reason and attempts. */
  async failedStop(stopId: number): Promise<{
    hubId: number | null;
    courierId: number | null;
    reason: string | null;
    attempts: number;
  } | null> {
    const [row] = await this.db.query<{
      hub_id: number | null;
      courier_id: number | null;
      failure_reason: string | null;
      attempts: number;
    }>('select hub_id, courier_id, failure_reason, attempts from stops where id = $1', [stopId]);
    return row
      ? {
          hubId: row.hub_id,
          courierId: row.courier_id,
          reason: row.failure_reason,
          attempts: row.attempts,
        }
      : null;
  }

  /** Stores new ETAs (null clears one) for open stops in one statement. */
  async saveEtas(updates: readonly { stopId: number; eta: number | null }[]): Promise<void> {
    if (updates.length === 0) return;
    await this.db.query(
      `update stops s set eta = case when v.eta is null then null else to_timestamp(v.eta / 1000.0) end
       from unnest($1::int[], $2::float8[]) as v(id, eta)
       where s.id = v.id and s.status = any($3::text[])`,
      [
        `{${updates.map((u) => u.stopId).join(',')}}`,
        `{${updates.map((u) => (u.eta === null ? 'NULL' : Math.round(u.eta))).join(',')}}`,
        OPEN,
      ],
    );
  }

  async loadModel(name: string): Promise<unknown> {
    const [row] = await this.db.query<{ data: unknown }>(
      'select data from model_state where name = $1',
      [name],
    );
    return row?.data ?? null;
  }

  async saveModel(name: string, data: unknown): Promise<void> {
    await this.db.query(
      `insert into model_state (name, data, updated_at) values ($1, $2::jsonb, now())
       on conflict (name) do update set data = excluded.data, updated_at = now()`,
      [name, JSON.stringify(data)],
    );
  }
}
