import type { Vehicle, StopKind } from '@dispatch/shared';
import type { Sql } from '../db/client';
import type { ReplayFix } from '@dispatch/shared';
import type { StoredEvent } from './replay-events';
import type { PlacementEvent } from './planned-vs-actual';

/** Pings arrive after they were taken (a phone out of coverage resends later): look this far on. */
const LATE_ARRIVAL_MS = 3_600_000;
/** A device clock may run ahead of the server's by up to 5 minutes. */
const CLOCK_AHEAD_MS = 5 * 60_000;
/** How far back a stop's plan is looked for. */
const PLAN_LOOKBACK_MS = 7 * 24 * 3_600_000;
/** Fixes less accurate than this are left out, as detection leaves them out. */
const MAX_ACCURACY_METERS = 100;

const iso = (ms: number) => new Date(ms).toISOString();
const intArray = (ids: readonly number[]) => `{${ids.join(',')}}`;

/** The stored records a replay is made of, read by time range so the ping partitions prune. */
export class ReplayReads {
  constructor(private readonly db: Sql) {}

  async hub(hubId: number): Promise<{ id: number; timezone: string } | null> {
    const [row] = await this.db.query<{ id: number; timezone: string }>(
      'select id, timezone from hubs where id = $1',
      [hubId],
    );
    return row ?? null;
  }

  /** The courier's hub: null when it has none, undefined when there is no such courier. */
  async courierHub(courierId: number): Promise<number | null | undefined> {
    const [row] = await this.db.query<{ hub_id: number | null }>(
      'select hub_id from couriers where id = $1',
      [courierId],
    );
    return row ? row.hub_id : undefined;
  }

  /** The hub's couriers and any others named. */
  couriers(
    hubId: number,
    alsoIds: readonly number[],
  ): Promise<{ id: number; name: string; vehicle: Vehicle }[]> {
    return this.db.query(
      `select id, name, vehicle from couriers where hub_id = $1 or id = any($2::int[]) order by id`,
      [hubId, intArray(alsoIds)],
    );
  }

  /**
   * Fixes taken in [from, to) by these couriers, at most one per courier per `sampleSeconds`
   * (the first of each slot), per courier in time order. Bounded on `received_at` too, so only
   * the day partitions that can hold them are read.
   */
  async fixes(
    courierIds: readonly number[],
    from: number,
    to: number,
    sampleSeconds: number,
  ): Promise<Map<number, ReplayFix[]>> {
    const rows = await this.db.query<{ courier_id: number; t: number; lat: number; lng: number }>(
      `select distinct on (courier_id, floor(extract(epoch from t) / $5::int))
              courier_id, (extract(epoch from t) * 1000)::float8 as t, lat, lng
         from pings
        where received_at >= $1 and received_at < $2 and t >= $3 and t < $4
          and courier_id = any($6::int[])
          and (accuracy_meters is null or accuracy_meters <= $7) and flag is null
        order by courier_id, floor(extract(epoch from t) / $5::int), t`,
      [
        iso(from - CLOCK_AHEAD_MS),
        iso(to + LATE_ARRIVAL_MS),
        iso(from),
        iso(to),
        sampleSeconds,
        intArray(courierIds),
        MAX_ACCURACY_METERS,
      ],
    );
    const byCourier = new Map<number, ReplayFix[]>();
    for (const r of rows) {
      let list = byCourier.get(r.courier_id);
      if (!list) byCourier.set(r.courier_id, (list = []));
      list.push({ t: r.t, lat: r.lat, lng: r.lng });
    }
    return byCourier;
  }

  /**
   * Events of these kinds logged in [from, to) about the hub's stops, alerts, suggestions and
   * couriers, with the alert's and suggestion's own columns, oldest first.
   */
  async events(
    hubId: number,
    kinds: readonly string[],
    from: number,
    to: number,
  ): Promise<StoredEvent[]> {
    const rows = await this.db.query<{
      at: number;
      kind: string;
      actor_type: string;
      actor_id: number | null;
      subject_type: string;
      subject_id: number | null;
      data: Record<string, unknown>;
      alert_kind: string | null;
      alert_courier_id: number | null;
      alert_stop_id: number | null;
      from_courier_id: number | null;
      to_courier_id: number | null;
      stop_ids: number[] | null;
      explanation: string | null;
    }>(
      `select (extract(epoch from e.at) * 1000)::float8 as at, e.kind, e.actor_type, e.actor_id,
              e.subject_type, e.subject_id, e.data,
              a.kind as alert_kind, a.courier_id as alert_courier_id, a.stop_id as alert_stop_id,
              g.from_courier_id, g.to_courier_id, g.stop_ids, g.explanation
         from events e
         left join stops s on e.subject_type = 'stop' and s.id = e.subject_id
         left join alerts a on e.subject_type = 'alert' and a.id = e.subject_id
         left join stops sa on sa.id = a.stop_id
         left join suggestions g on e.subject_type = 'suggestion' and g.id = e.subject_id
         left join couriers c on c.id = case e.subject_type
              when 'courier' then e.subject_id
              when 'stop' then s.courier_id
              when 'alert' then a.courier_id
              when 'suggestion' then coalesce(g.to_courier_id, g.from_courier_id) end
        where e.kind = any($1::text[]) and e.at >= $2 and e.at < $3
          and coalesce(s.hub_id, a.hub_id, sa.hub_id, c.hub_id) = $4
        order by e.at, e.id`,
      [`{${kinds.join(',')}}`, iso(from), iso(to), hubId],
    );
    return rows.map((r) => ({
      at: r.at,
      kind: r.kind,
      actorType: r.actor_type,
      actorId: r.actor_id,
      subjectType: r.subject_type,
      subjectId: r.subject_id,
      data: r.data ?? {},
      alertKind: r.alert_kind,
      alertCourierId: r.alert_courier_id,
      alertStopId: r.alert_stop_id,
      fromCourierId: r.from_courier_id,
      toCourierId: r.to_courier_id,
      suggestionStopIds: r.stop_ids,
      explanation: r.explanation,
    }));
  }

  /** The hub's stops whose window overlaps [from, to), and the stops named. */
  stops(
    hubId: number,
    from: number,
    to: number,
    alsoIds: readonly number[],
  ): Promise<
    {
      id: number;
      order_ref: string | null;
      kind: StopKind;
      address: string;
      lat: number;
      lng: number;
      window_start: number;
      window_end: number;
      courier_id: number | null;
    }[]
  > {
    return this.db.query(
      `select id, order_ref, kind, address, lat, lng, courier_id,
              (extract(epoch from window_start) * 1000)::float8 as window_start,
              (extract(epoch from window_end) * 1000)::float8 as window_end
         from stops
        where (hub_id = $1 and window_end >= $2 and window_start < $3 and status <> 'cancelled')
           or id = any($4::int[])
        order by id`,
      [hubId, iso(from), iso(to), intArray(alsoIds)],
    );
  }

  /** Placements and visits of these stops logged before `to` (a week back at most), oldest first. */
  stopHistory(stopIds: readonly number[], from: number, to: number): Promise<PlacementEvent[]> {
    if (stopIds.length === 0) return Promise.resolve([]);
    return this.db
      .query<{
        at: number;
        kind: string;
        actor_type: string;
        actor_id: number | null;
        subject_id: number | null;
        data: Record<string, unknown>;
      }>(
        `select (extract(epoch from at) * 1000)::float8 as at, kind, actor_type, actor_id,
                subject_id, data
           from events
          where subject_type = 'stop' and subject_id = any($1::int[])
            and kind in ('stop.created', 'stop.reassigned', 'stop.arrived', 'stop.delivered', 'stop.failed')
            and at >= $2 and at < $3
          order by at, id`,
        [intArray(stopIds), iso(from - PLAN_LOOKBACK_MS), iso(to)],
      )
      .then((rows) =>
        rows.map((r) => ({
          at: r.at,
          kind: r.kind,
          actorType: r.actor_type,
          actorId: r.actor_id,
          subjectId: r.subject_id,
          data: r.data ?? {},
        })),
      );
  }
}
