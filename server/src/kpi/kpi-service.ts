import { and, desc, inArray, isNotNull, isNull } from 'drizzle-orm';
import type { KpiSnapshot } from '@dispatch/shared';
import { toAlertView } from '../alerts/alert-service';
import { EVERY_HUB, type HubScope } from '../auth/hub-scope';
import type { Database } from '../db/client';
import { alerts } from '../db/schema';

/** An open stop without an ETA whose window ends this soon counts as at risk. */
const AT_RISK_WITHOUT_ETA_MS = 15 * 60_000;

/** Supervisor figures, computed from the stored stops and alerts (never in the browser). */
export class KpiService {
  constructor(private readonly db: Database) {}

  /**
   * The figures at `now`; a `scope` bound to a hub counts only that hub (and stops and alerts of
   * no hub).
   */
  async snapshot(now = Date.now(), scope: HubScope = EVERY_HUB): Promise<KpiSnapshot> {
    const hubId = scope.hubId;
    const dayStart = new Date(now);
    dayStart.setUTCHours(0, 0, 0, 0);
    const byHour = await this.db.query<{ hour: number; delivered: number; on_time: number }>(
      `select (extract(epoch from date_trunc('hour', completed_at)) * 1000)::float8 as hour,
              count(*)::int as delivered,
              count(*) filter (where completed_at <= window_end)::int as on_time
       from stops where status = 'delivered' and completed_at >= $1
         and ($2::int is null or hub_id = $2 or hub_id is null)
       group by 1 order by 1`,
      [dayStart.toISOString(), hubId],
    );
    const hubs = await this.db.query<{
      hub_id: number;
      name: string;
      on_time_target: number;
      delivered: number;
      on_time: number;
      late: number;
      at_risk: number;
      open: number;
    }>(
      `select h.id as hub_id, h.name, h.on_time_target,
         count(s.id) filter (where s.status = 'delivered' and s.completed_at >= $1)::int as delivered,
         count(s.id) filter (where s.status = 'delivered' and s.completed_at >= $1 and s.completed_at <= s.window_end)::int as on_time,
         count(s.id) filter (where s.status in ('unassigned','assigned','en_route','arrived') and s.window_end < $2)::int as late,
         count(s.id) filter (where s.status in ('unassigned','assigned','en_route') and s.window_end >= $2
           and ((s.eta is not null and s.eta > s.window_end) or (s.eta is null and s.window_end < $3)))::int as at_risk,
         count(s.id) filter (where s.status in ('unassigned','assigned','en_route','arrived'))::int as open
       from hubs h left join stops s on s.hub_id = h.id
       where $4::int is null or h.id = $4
       group by h.id, h.name, h.on_time_target order by h.id`,
      [
        dayStart.toISOString(),
        new Date(now).toISOString(),
        new Date(now + AT_RISK_WITHOUT_ETA_MS).toISOString(),
        hubId,
      ],
    );
    const breaches = await this.db.orm
      .select()
      .from(alerts)
      .where(
        and(
          isNull(alerts.resolvedAt),
          inArray(alerts.kind, ['sla_breach', 'hub_sla']),
          scope.condition(alerts.hubId),
        ),
      )
      .orderBy(desc(alerts.openedAt))
      .limit(200);
    const escalations = await this.db.orm
      .select()
      .from(alerts)
      .where(
        and(
          isNull(alerts.resolvedAt),
          isNotNull(alerts.escalatedAt),
          scope.condition(alerts.hubId),
        ),
      )
      .orderBy(desc(alerts.escalatedAt))
      .limit(200);
    return {
      at: now,
      onTimeByHour: byHour.map((r) => ({
        hourStart: r.hour,
        delivered: r.delivered,
        onTime: r.on_time,
      })),
      hubs: hubs.map((h) => ({
        hubId: h.hub_id,
        name: h.name,
        onTimeTarget: h.on_time_target,
        delivered: h.delivered,
        onTime: h.on_time,
        late: h.late,
        atRisk: h.at_risk,
        open: h.open,
      })),
      openBreaches: breaches.map(toAlertView),
      escalations: escalations.map(toAlertView),
    };
  }
}
