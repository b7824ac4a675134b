import type { AuditEvent, AuditPage } from '@dispatch/shared';
import type { Sql } from '../db/client';
import { auditConditions, type AuditFilter } from './audit-filter';
import { mentionedCourierIds, toAuditEvent, type AuditRow } from './audit-rows';

/**
 * The event with what it is about and who made it. An event's hub (`r.hub_id`) is the one
 * recorded with it, else its subject's: the stop's, courier's, alert's (or its courier's or
 * stop's), the receiving courier's for a suggestion, the user's, shop's or key's, or the hub
 * itself.
 */
const FROM = `
  from events e
  left join stops s on e.subject_type = 'stop' and s.id = e.subject_id
  left join couriers c on e.subject_type = 'courier' and c.id = e.subject_id
  left join alerts a on e.subject_type = 'alert' and a.id = e.subject_id
  left join couriers alc on alc.id = a.courier_id
  left join stops als on als.id = a.stop_id
  left join suggestions g on e.subject_type = 'suggestion' and g.id = e.subject_id
  left join couriers gc on gc.id = coalesce(g.to_courier_id, g.from_courier_id)
  left join users su on e.subject_type = 'user' and su.id = e.subject_id
  left join hubs sh on e.subject_type = 'hub' and sh.id = e.subject_id
  left join shops sp on e.subject_type = 'shop' and sp.id = e.subject_id
  left join api_keys k on e.subject_type = 'api_key' and k.id = e.subject_id
  left join shops ks on ks.id = k.shop_id
  cross join lateral (
    select coalesce(e.hub_id, s.hub_id, c.hub_id, a.hub_id, alc.hub_id, als.hub_id, gc.hub_id,
                    su.hub_id, sh.id, sp.hub_id, k.hub_id) as hub_id
  ) r
  left join hubs hb on hb.id = r.hub_id
  left join users au on e.actor_type = 'user' and au.id = e.actor_id
  left join couriers ac on e.actor_type = 'courier' and ac.id = e.actor_id
  left join api_keys ak on e.actor_type = 'api_key' and ak.id = e.actor_id
  left join shops aks on aks.id = ak.shop_id`;

const COLUMNS = `
  e.id, (extract(epoch from e.at) * 1000)::float8 as at, e.kind, e.actor_type, e.actor_id,
  case e.actor_type when 'user' then au.name when 'courier' then ac.name
                    when 'api_key' then aks.name end as actor_name,
  e.subject_type, e.subject_id, e.data, r.hub_id, hb.name as hub_name,
  s.order_ref as stop_ref, s.address as stop_address, c.name as courier_name,
  su.name as user_name, su.email as user_email, sh.name as subject_hub_name,
  a.kind as alert_kind, coalesce(alc.name, als.order_ref) as alert_about,
  g.explanation as suggestion_text, sp.name as shop_name, k.name as key_name,
  ks.name as key_shop_name`;

/** Reads the event log for the audit view. */
export class AuditReads {
  constructor(private readonly db: Sql) {}

  /**
   * A page of the events matching `filter` that a viewer bound to `viewerHubId` (null: every
   * hub) may see, newest first (by id, the order they were recorded in).
   */
  async page(filter: AuditFilter, viewerHubId: number | null, limit: number): Promise<AuditPage> {
    const { conditions, params } = auditConditions(filter, viewerHubId);
    const where = conditions.length > 0 ? `where ${conditions.join(' and ')}` : '';
    const rows = await this.db.query<AuditRow>(
      `select ${COLUMNS} ${FROM} ${where} order by e.id desc limit $${params.length + 1}`,
      [...params, limit + 1],
    );
    const events = rows.slice(0, limit).map(toAuditEvent);
    return {
      events,
      couriers: await this.courierNames(events),
      nextBefore: rows.length > limit ? events[events.length - 1]!.id : null,
    };
  }

  private async courierNames(events: readonly AuditEvent[]): Promise<Record<string, string>> {
    const ids = mentionedCourierIds(events);
    if (ids.length === 0) return {};
    const rows = await this.db.query<{ id: number; name: string }>(
      'select id, name from couriers where id = any($1::int[])',
      [`{${ids.join(',')}}`],
    );
    return Object.fromEntries(rows.map((r) => [String(r.id), r.name]));
  }
}
