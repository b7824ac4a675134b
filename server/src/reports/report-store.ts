import type { FailureReason, StopKind, StopStatus, Vehicle } from '@dispatch/shared';
import type { Database } from '../db/client';
import type { DayFix, FailedAttempt } from './courier-day';
import type { DayStop } from './day-export';

/** A hub as the reports need it. */
export interface ReportHub {
  id: number;
  name: string;
  timezone: string;
}

/** A courier as the report lists it, with its shift in minutes of the local day. */
export interface ReportCourier {
  id: number;
  name: string;
  vehicle: Vehicle;
  shiftStartMinute: number;
  shiftEndMinute: number;
}

const ms = (column: string) => `(extract(epoch from ${column}) * 1000)::float8`;

/** The reads behind the day export and the courier report, in plain SQL with epoch-ms times. */
export class ReportStore {
  constructor(private readonly db: Pick<Database, 'query'>) {}

  async hub(id: number): Promise<ReportHub | null> {
    const [row] = await this.db.query<ReportHub>(
      'select id, name, timezone from hubs where id = $1',
      [id],
    );
    return row ?? null;
  }

  /**
   * The hub's stops whose window starts in `[startMs, endMs)`, and those with a failed attempt in
   * it (a stop moved to another day), by window start; each with its failed attempts and the
   * latest one's reason code from the proofs.
   */
  async dayStops(hubId: number, startMs: number, endMs: number): Promise<DayStop[]> {
    const rows = await this.db.query<{
      id: number;
      order_ref: string | null;
      kind: StopKind;
      address: string;
      courier_id: number | null;
      courier_name: string | null;
      status: StopStatus;
      window_start: number;
      window_end: number;
      eta: number | null;
      arrived_at: number | null;
      completed_at: number | null;
      failure_reason: string | null;
      failure_code: FailureReason | null;
      attempts: number;
      failed_attempts: number;
    }>(
      `with failed as (
         select p.stop_id, count(*)::int as n,
                (array_agg(p.reason_code order by p.at desc, p.id desc))[1] as last_code,
                bool_or(p.at >= $2 and p.at < $3) as in_day
         from stop_proofs p join stops s on s.id = p.stop_id
         where s.hub_id = $1 and p.outcome = 'failed'
         group by p.stop_id)
       select s.id, s.order_ref, s.kind, s.address, s.courier_id, c.name as courier_name, s.status,
              ${ms('s.window_start')} as window_start, ${ms('s.window_end')} as window_end,
              ${ms('s.eta')} as eta, ${ms('s.arrived_at')} as arrived_at,
              ${ms('s.completed_at')} as completed_at, s.failure_reason,
              coalesce(f.last_code, s.failure_code) as failure_code, s.attempts,
              coalesce(f.n, 0) as failed_attempts
       from stops s left join couriers c on c.id = s.courier_id
         left join failed f on f.stop_id = s.id
       where s.hub_id = $1
         and ((s.window_start >= $2 and s.window_start < $3) or f.in_day)
       order by s.window_start, s.id`,
      [hubId, new Date(startMs).toISOString(), new Date(endMs).toISOString()],
    );
    return rows.map((r) => ({
      id: r.id,
      orderRef: r.order_ref,
      kind: r.kind,
      address: r.address,
      courierId: r.courier_id,
      courierName: r.courier_name,
      status: r.status,
      windowStart: r.window_start,
      windowEnd: r.window_end,
      eta: r.eta,
      arrivedAt: r.arrived_at,
      completedAt: r.completed_at,
      failureReason: r.failure_reason,
      failureCode: r.failure_code,
      attempts: r.attempts,
      failedAttempts: Number(r.failed_attempts),
    }));
  }

  /** The failed attempts at the hub's stops made in `[startMs, endMs)`, whoever made them. */
  async failedAttempts(hubId: number, startMs: number, endMs: number): Promise<FailedAttempt[]> {
    return this.db.query<FailedAttempt>(
      `select p.stop_id as "stopId", p.courier_id as "courierId"
       from stop_proofs p join stops s on s.id = p.stop_id
       where s.hub_id = $1 and p.outcome = 'failed' and p.at >= $2 and p.at < $3
       order by p.at, p.id`,
      [hubId, new Date(startMs).toISOString(), new Date(endMs).toISOString()],
    );
  }

  /** The hub's couriers and any others named, by name. */
  async couriers(hubId: number, alsoIds: readonly number[]): Promise<ReportCourier[]> {
    const rows = await this.db.query<{
      id: number;
      name: string;
      vehicle: Vehicle;
      shift_start_minute: number;
      shift_end_minute: number;
    }>(
      `select id, name, vehicle, shift_start_minute, shift_end_minute from couriers
       where hub_id = $1 or id = any($2::int[]) order by name, id`,
      [hubId, `{${alsoIds.join(',')}}`],
    );
    return rows.map((r) => ({
      id: r.id,
      name: r.name,
      vehicle: r.vehicle,
      shiftStartMinute: r.shift_start_minute,
      shiftEndMinute: r.shift_end_minute,
    }));
  }

  /**
   * One courier's fixes with a device time in `[startMs, endMs)`, oldest first. Fixes are received
   * after they are taken (a device clock may run 5 minutes ahead), so older day partitions are
   * skipped.
   */
  async fixes(courierId: number, startMs: number, endMs: number): Promise<DayFix[]> {
    return this.db.query<DayFix>(
      `select ${ms('t')} as t, lat, lng, accuracy_meters as "accuracyMeters" from pings
       where courier_id = $1 and t >= $2 and t < $3 and received_at >= $4 and flag is null
       order by t`,
      [
        courierId,
        new Date(startMs).toISOString(),
        new Date(endMs).toISOString(),
        new Date(startMs - 5 * 60_000).toISOString(),
      ],
    );
  }
}
