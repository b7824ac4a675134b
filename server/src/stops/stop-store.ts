import {
  OPEN_STOP_STATUSES,
  type FailureReason,
  type SlaTier,
  type StopKind,
  type StopStatus,
} from '@dispatch/shared';
import type { Database, Sql } from '../db/client';
import type { Completion } from '../detect/detection-service';
import type { RosterStop, StoredStop } from '../fleet/courier-roster';
import type { FailedStop } from '../alerts/failed-attempt-alerts';
import { failureText } from './visit-rules';

const OPEN = `{${OPEN_STOP_STATUSES.join(',')}}`;

interface StoredStopRow {
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

function toStop(r: StoredStopRow, fallbackSequence: number): StoredStop {
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

/**
 * The stops table as the live services read it, in plain SQL with times in epoch ms: open routes
 * for the roster, single stops, recent completions, and the ETA writes.
 */
export class StopStore {
  constructor(private readonly db: Pick<Database, 'query'>) {}

  /** Open stops per courier in route order (all couriers, or the given ones, each with an entry). */
  async openRoutes(courierIds?: readonly number[]): Promise<Map<number, RosterStop[]>> {
    const rows = await this.db.query<StoredStopRow>(
      `select ${STOP_COLUMNS} from stops
       where courier_id is not null and status = any($1::text[])
         and ($2::int[] is null or courier_id = any($2::int[]))
       order by courier_id, sequence nulls last, id`,
      [OPEN, courierIds ? `{${courierIds.join(',')}}` : null],
    );
    const routes = new Map<number, RosterStop[]>();
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
    const [row] = await this.db.query<StoredStopRow>(
      `select ${STOP_COLUMNS} from stops where id = $1`,
      [id],
    );
    return row ? toStop(row, 0) : null;
  }

  /**
   * The pickups and deliveries, in any status, of the shop orders these stops belong to (by
   * hub and order reference); stops without a reference bring nothing.
   */
  async orderStops(
    of: readonly { hubId: number | null; orderRef: string | null }[],
  ): Promise<StoredStop[]> {
    const keys = of.filter((s) => s.orderRef !== null);
    if (keys.length === 0) return [];
    const rows = await this.db.query<StoredStopRow>(
      `select ${STOP_COLUMNS} from stops
       where kind in ('pickup', 'return_pickup', 'delivery') and order_ref = any($1::text[])`,
      [[...new Set(keys.map((s) => s.orderRef!))]],
    );
    const hubsOf = new Map<string, Set<number | null>>();
    for (const { orderRef, hubId } of keys) {
      hubsOf.set(orderRef!, (hubsOf.get(orderRef!) ?? new Set()).add(hubId));
    }
    return rows.filter((r) => hubsOf.get(r.order_ref!)?.has(r.hub_id)).map((r) => toStop(r, 0));
  }

  /** Stops of hubs (of `hubIds`, when given) delivered since `sinceMs`, with whether within their window. */
  async completionsSince(sinceMs: number, hubIds?: readonly number[]): Promise<Completion[]> {
    const rows = await this.db.query<{ hub_id: number; completed_at: number; on_time: boolean }>(
      `select hub_id, (extract(epoch from completed_at) * 1000)::float8 as completed_at,
              completed_at <= window_end as on_time
       from stops
       where hub_id is not null and status = 'delivered' and completed_at >= $1
         and ($2::int[] is null or hub_id = any($2::int[]))
       order by completed_at`,
      [new Date(sinceMs).toISOString(), hubIds ? [...hubIds] : null],
    );
    return rows.map((r) => ({ hubId: r.hub_id, completedAt: r.completed_at, onTime: r.on_time }));
  }

  /** What a failed attempt's alert needs: the stop's hub, courier, reason and attempts. */
  async failedStop(stopId: number): Promise<FailedStop | null> {
    const [row] = await this.db.query<{
      status: StopStatus;
      hub_id: number | null;
      courier_id: number | null;
      failure_code: FailureReason | null;
      failure_reason: string | null;
      attempts: number;
    }>(
      `select status, hub_id, courier_id, failure_code, failure_reason, attempts
       from stops where id = $1`,
      [stopId],
    );
    return row
      ? {
          status: row.status,
          hubId: row.hub_id,
          courierId: row.courier_id,
          reason: failureText(row.failure_code, row.failure_reason),
          attempts: row.attempts,
        }
      : null;
  }

  /** Stores new ETAs (null clears one) for open stops in one statement (in `sql`'s transaction). */
  async saveEtas(
    updates: readonly { stopId: number; eta: number | null }[],
    sql: Sql = this.db,
  ): Promise<void> {
    if (updates.length === 0) return;
    await sql.query(
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
}
