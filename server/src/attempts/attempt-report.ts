import {
  DomainError,
  FAILURE_REASONS,
  OPEN_STOP_STATUSES,
  zonedDate,
  zonedDayBounds,
  type AttemptReport,
  type FailureReason,
} from '@dispatch/shared';
import type { Database } from '../db/client';

/**
 * A failed attempt's reason code as logged: the code, or a free-text reason (older devices) that
 * is one; any other text counts as `other`.
 */
export function reasonOfEvent(logged: string | null): FailureReason {
  return FAILURE_REASONS.find((code) => code === logged) ?? 'other';
}

/** Counts per reason code, every code listed in its order. */
export function countByReason(logged: readonly (string | null)[]): AttemptReport['failedByReason'] {
  const counts = new Map<FailureReason, number>(FAILURE_REASONS.map((code) => [code, 0]));
  for (const reason of logged) {
    const code = reasonOfEvent(reason);
    counts.set(code, counts.get(code)! + 1);
  }
  return FAILURE_REASONS.map((reasonCode) => ({ reasonCode, count: counts.get(reasonCode)! }));
}

const OPEN = `{${OPEN_STOP_STATUSES.join(',')}}`;

/**
 * The supervisor's figures of a hub's day (its local midnight to now): failed attempts by reason
 * from the event log, parcels on their way back and waiting to be checked in, and returns
 * checked in, from the stops.
 */
export class AttemptReports {
  constructor(
    private readonly db: Pick<Database, 'query'>,
    private readonly now: () => number = Date.now,
  ) {}

  async today(hubId: number): Promise<AttemptReport> {
    const [hub] = await this.db.query<{ timezone: string }>(
      'select timezone from hubs where id = $1',
      [hubId],
    );
    if (!hub) throw new DomainError('not_found', `hub ${hubId} does not exist`);
    const day = zonedDate(this.now(), hub.timezone);
    const { startMs, endMs } = zonedDayBounds(day, hub.timezone);
    const span = [new Date(startMs).toISOString(), new Date(endMs).toISOString()];
    const failures = await this.db.query<{ reason: string | null }>(
      `select coalesce(e.data->>'reasonCode', e.data->>'reason') as reason
       from events e join stops s on s.id = e.subject_id
       where e.kind = 'stop.failed' and e.subject_type = 'stop'
         and e.at >= $2 and e.at < $3 and s.hub_id = $1`,
      [hubId, ...span],
    );
    const [back] = await this.db.query<{
      on_the_way: number;
      awaiting: number;
      carried_returns: number;
      returned: number;
    }>(
      `select
         (select count(*) from stops s where s.hub_id = $1 and s.status = 'returning'
            and exists (select 1 from stops o where o.courier_id = s.courier_id
                          and o.status = any($4::text[])))::int as on_the_way,
         (select count(*) from stops s where s.hub_id = $1 and s.status = 'returning'
            and not exists (select 1 from stops o where o.courier_id = s.courier_id
                              and o.status = any($4::text[])))::int as awaiting,
         (select count(*) from stops where hub_id = $1 and kind = 'return_pickup'
            and status = 'delivered')::int as carried_returns,
         (select count(*) from stops where hub_id = $1
            and returned_at >= $2 and returned_at < $3)::int as returned`,
      [hubId, ...span, OPEN],
    );
    const failedByReason = countByReason(failures.map((f) => f.reason));
    return {
      hubId,
      day,
      failedByReason,
      failedTotal: failures.length,
      onTheWayBack: Number(back!.on_the_way) + Number(back!.carried_returns),
      awaitingCheckIn: Number(back!.awaiting),
      returnedToday: Number(back!.returned),
    };
  }
}
