import type { Sql } from '../../db/client';

/** How many of a hub's waiting stops a node taking the hub over looks at (the sweep does the rest). */
const MAX_WAITING_STOPS = 200;

/** What a hub has waiting for a proposal, as stored: alerts still open and stops on no route. */
export interface PendingSituations {
  alertIds: number[];
  stopIds: number[];
}

/**
 * What a node that has just taken a hub over still has to propose for: the hub's open,
 * unacknowledged alerts of the `kinds` that ask for proposals and for which no suggestion was made
 * (one superseded by a move is asked for again, as the previous owner would have done), and its
 * unassigned stops still due that no open suggestion moves. What is already proposed is not
 * proposed again.
 */
export async function pendingSituations(
  db: Pick<Sql, 'query'>,
  hubId: number,
  kinds: Iterable<string>,
): Promise<PendingSituations> {
  const alerts = await db.query<{ id: number }>(
    `select a.id from alerts a
     where a.hub_id = $1 and a.resolved_at is null and a.acknowledged_at is null
       and a.kind = any($2::text[])
       and not exists (
         select 1 from suggestions s
         where s.details->>'alertId' = a.id::text and s.status <> 'superseded')
     order by a.opened_at`,
    [hubId, [...kinds]],
  );
  const stops = await db.query<{ id: number }>(
    `select st.id from stops st
     where st.hub_id = $1 and st.status = 'unassigned' and st.window_end > now()
       and not exists (
         select 1 from suggestions s where s.status = 'open' and st.id = any(s.stop_ids))
     order by st.window_end
     limit ${MAX_WAITING_STOPS}`,
    [hubId],
  );
  return { alertIds: alerts.map((a) => a.id), stopIds: stops.map((s) => s.id) };
}
