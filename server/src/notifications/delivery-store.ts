import {
  CUSTOMER_LANGUAGES,
  type CustomerLanguage,
  type NotificationChannel,
  type NotificationEventType,
} from '@dispatch/shared';
import type { Database } from '../db/client';
import type { CustomerChannel, OutboxEvent, StopSnapshot } from './channel';
import { planDeliveries, type EventToFanOut, type WebhookTarget } from './delivery-plan';
import type { AttemptResult, ClaimedDelivery, DeliveryQueue } from './delivery-queue';

const ts = (ms: number) => new Date(ms).toISOString();
const intArray = (ids: readonly number[]) => `{${ids.join(',')}}`;

interface ClaimRow {
  id: number;
  event_id: number;
  stop_id: number;
  channel: NotificationChannel;
  webhook_id: number | null;
  recipient: string;
  attempts: number;
  created_at: Date | string;
  type: NotificationEventType;
  at: Date | string;
  data: StopSnapshot;
  hub_id: number | null;
  shop_id: number | null;
  secret: string | null;
  disabled_at: Date | string | null;
  customer_name: string | null;
  customer_language: string | null;
  hub_name: string | null;
  timezone: string | null;
  recipient_name: string | null;
}

/**
 * The delivery queue in the database. Claims follow the order rule of `delivery-order.ts`: a
 * delivery waits while an older event of its stop is pending for the same receiver, or not yet
 * fanned out. Row locks are skipped, not waited on, so several senders share the work.
 */
export class DeliveryStore implements DeliveryQueue {
  constructor(private readonly db: Database) {}

  async fanOut(limit: number, now: number, channels: readonly CustomerChannel[]) {
    // Most passes find nothing new: one read of the partial index instead of a transaction.
    const [waiting] = await this.db.query<{ any: boolean }>(
      `select exists (select 1 from notification_events where fanned_out_at is null) as any`,
    );
    if (!waiting?.any) return { events: 0, deliveries: [] };
    return this.db.transaction(async (tx) => {
      const events = await tx.query<EventToFanOut>(
        `select e.id, e.stop_id as "stopId", e.hub_id as "hubId", e.shop_id as "shopId", e.type,
                coalesce(e.data->>'kind', s.kind) as kind,
                s.customer_email as "customerEmail", s.customer_phone as "customerPhone"
         from notification_events e join stops s on s.id = e.stop_id
         where e.fanned_out_at is null
         order by e.id
         limit $1
         for update of e skip locked`,
        [limit],
      );
      if (events.length === 0) return { events: 0, deliveries: [] };
      const hubIds = [...new Set(events.flatMap((e) => (e.hubId === null ? [] : [e.hubId])))];
      const webhooks =
        hubIds.length === 0
          ? []
          : await tx.query<WebhookTarget>(
              `select id, hub_id as "hubId", shop_id as "shopId", url, event_types as "eventTypes"
               from webhooks where disabled_at is null and hub_id = any($1::int[]) order by id`,
              [intArray(hubIds)],
            );
      const deliveries = planDeliveries(events, webhooks, channels);
      if (deliveries.length > 0) {
        await tx.query(
          `insert into notification_deliveries
             (event_id, stop_id, channel, webhook_id, recipient, status, next_attempt_at, created_at)
           select x."eventId", x."stopId", x.channel, x."webhookId", x.recipient, x.status,
                  $2::timestamptz, $2::timestamptz
           from jsonb_to_recordset($1::jsonb) as x("eventId" bigint, "stopId" int, channel text,
                                                  "webhookId" int, recipient text, status text)
           on conflict (event_id, channel, recipient) do nothing`,
          [JSON.stringify(deliveries), ts(now)],
        );
      }
      await tx.query(
        `update notification_events set fanned_out_at = $2::timestamptz where id = any($1::bigint[])`,
        [intArray(events.map((e) => e.id)), ts(now)],
      );
      return { events: events.length, deliveries };
    });
  }

  async claim(options: {
    limit: number;
    now: number;
    leaseUntil: number;
    inFlight: readonly number[];
  }): Promise<ClaimedDelivery[]> {
    const rows = await this.db.query<ClaimRow>(
      `with due as (
         select d.id from notification_deliveries d
         where d.status = 'pending' and d.next_attempt_at <= $1::timestamptz
           and d.id <> all($3::bigint[])
           and not exists (
             select 1 from notification_deliveries o
             where o.stop_id = d.stop_id and o.event_id < d.event_id and o.status = 'pending'
               and o.channel = d.channel and o.recipient = d.recipient)
           and not exists (
             select 1 from notification_events u
             where u.stop_id = d.stop_id and u.id < d.event_id and u.fanned_out_at is null)
         order by d.next_attempt_at, d.id
         limit $2
         for update of d skip locked
       ), taken as (
         update notification_deliveries d set next_attempt_at = $4::timestamptz
         from due where d.id = due.id
         returning d.id, d.event_id, d.stop_id, d.channel, d.webhook_id, d.recipient, d.attempts,
                   d.created_at
       )
       select t.*, e.type, e.at, e.data, e.hub_id, e.shop_id, w.secret, w.disabled_at,
              s.customer_name, s.customer_language, h.name as hub_name, h.timezone,
              (select p.recipient_name from stop_proofs p
               where p.stop_id = t.stop_id and p.outcome = 'delivered'
               order by p.id desc limit 1) as recipient_name
       from taken t
       join notification_events e on e.id = t.event_id
       join stops s on s.id = t.stop_id
       left join webhooks w on w.id = t.webhook_id
       left join hubs h on h.id = s.hub_id
       order by t.id`,
      [ts(options.now), options.limit, intArray(options.inFlight), ts(options.leaseUntil)],
    );
    return rows.map(toClaimed);
  }

  async recordAttempts(results: readonly AttemptResult[]): Promise<void> {
    if (results.length === 0) return;
    const rows = results.map((r) => ({
      id: r.deliveryId,
      outcome: r.outcome,
      at: ts(r.at),
      statusCode: r.outcome === 'logged' ? null : r.statusCode,
      error: r.outcome === 'failed' ? r.error.slice(0, 500) : null,
      nextAttemptAt:
        r.outcome === 'failed' && r.nextAttemptAt !== null ? ts(r.nextAttemptAt) : null,
    }));
    // A sent delivery is recorded whatever happened to it meanwhile (it did reach its receiver);
    // a failure or a logging only while it is still pending.
    await this.db.query(
      `update notification_deliveries d
       set status = case r.outcome when 'sent' then 'sent' when 'logged' then 'logged'
                      else case when r."nextAttemptAt" is null then 'dead' else d.status end end,
           attempts = d.attempts + case r.outcome when 'logged' then 0 else 1 end,
           sent_at = case r.outcome when 'sent' then r.at else d.sent_at end,
           last_attempt_at = r.at,
           last_status_code = case r.outcome when 'logged' then d.last_status_code
                                else r."statusCode" end,
           last_error = case r.outcome when 'logged' then d.last_error else r.error end,
           next_attempt_at = case r.outcome when 'failed'
                               then coalesce(r."nextAttemptAt", d.next_attempt_at)
                               else d.next_attempt_at end
       from jsonb_to_recordset($1::jsonb) as r(id bigint, outcome text, at timestamptz,
                                               "statusCode" int, error text,
                                               "nextAttemptAt" timestamptz)
       where d.id = r.id and (r.outcome = 'sent' or d.status = 'pending')`,
      [JSON.stringify(rows)],
    );
    // A retry that got through means its receiver is back: what waits for it in backoff is due
    // now, instead of each delivery finding out at its own next attempt.
    const sent = results.filter((r) => r.outcome === 'sent').map((r) => r.deliveryId);
    if (sent.length === 0) return;
    await this.db.query(
      `update notification_deliveries w set next_attempt_at = now()
       from (select distinct channel, recipient from notification_deliveries
             where id = any($1::bigint[]) and attempts > 1) back
       where w.status = 'pending' and w.next_attempt_at > now()
         and w.channel = back.channel and w.recipient = back.recipient`,
      [sent],
    );
  }

  async pendingCount(): Promise<number> {
    const [row] = await this.db.query<{ n: number }>(
      `select count(*)::int as n from notification_deliveries where status = 'pending'`,
    );
    return row?.n ?? 0;
  }
}

const isLanguage = (v: string | null): v is CustomerLanguage =>
  v !== null && (CUSTOMER_LANGUAGES as readonly string[]).includes(v);

function toClaimed(row: ClaimRow): ClaimedDelivery {
  const event: OutboxEvent = {
    id: row.event_id,
    stopId: row.stop_id,
    hubId: row.hub_id,
    shopId: row.shop_id,
    type: row.type,
    at: new Date(row.at),
    data: row.data,
  };
  return {
    id: row.id,
    eventId: row.event_id,
    stopId: row.stop_id,
    channel: row.channel,
    webhookId: row.webhook_id,
    recipient: row.recipient,
    attempts: row.attempts,
    queuedAt: new Date(row.created_at).getTime(),
    event,
    secret: row.disabled_at === null ? row.secret : null,
    customer: {
      name: row.customer_name,
      language: isLanguage(row.customer_language) ? row.customer_language : 'en',
      hubName: row.hub_name ?? '',
      timeZone: row.timezone ?? 'UTC',
      recipientName: row.recipient_name,
    },
  };
}
