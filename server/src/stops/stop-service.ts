import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import {
  DEFAULT_STOP_KIND,
  DomainError,
  MAX_STOPS_PER_IMPORT,
  OPEN_STOP_STATUSES,
  courierCell,
  type RoutePayload,
  type RouteStop,
  type StopChange,
  type StopStatus,
} from '@dispatch/shared';
import type { Orm } from '../db/client';
import { couriers, stops } from '../db/schema';
import type { DomainBus } from '../events/bus';
import { appendEvents, type Actor } from '../events/event-log';
import { checkStopReferences, validateStopImport } from './stop-import';
import { instantMs } from './stop-input';

export type StopRow = typeof stops.$inferSelect;

/** Stops: bulk import and the routes they form. */
export class StopService {
  constructor(
    private readonly orm: Orm,
    private readonly bus: DomainBus,
  ) {}

  /**
   * Validates every stop first and inserts all of them in one transaction, or none: a bad row
   * gets an `invalid` error listing each problem by line (CSV) or index (JSON).
   */
  async importStops(items: unknown[], actor: Actor): Promise<StopRow[]> {
    if (items.length === 0) throw new DomainError('invalid', 'no stops to import');
    if (items.length > MAX_STOPS_PER_IMPORT)
      throw new DomainError('too_large', `at most ${MAX_STOPS_PER_IMPORT} stops per import`);
    const { valid, problems } = validateStopImport(items);
    if (problems.length === 0) await checkStopReferences(this.orm, valid, items, problems);
    if (problems.length > 0) {
      throw new DomainError(
        'invalid',
        `${problems.length} problem(s); nothing was imported`,
        problems.slice(0, 200),
      );
    }

    const inserted = await this.orm.transaction(async (tx) => {
      const nextSeq = new Map<number, number>();
      const courierIds = [...new Set(valid.flatMap((s) => (s.courierId ? [s.courierId] : [])))];
      if (courierIds.length > 0) {
        const maxes = await tx
          .select({
            courierId: stops.courierId,
            max: sql<number>`coalesce(max(${stops.sequence}), 0)::int`,
          })
          .from(stops)
          .where(inArray(stops.courierId, courierIds))
          .groupBy(stops.courierId);
        for (const id of courierIds)
          nextSeq.set(id, maxes.find((m) => m.courierId === id)?.max ?? 0);
        await tx
          .update(couriers)
          .set({ routeVersion: sql`${couriers.routeVersion} + 1`, updatedAt: new Date() })
          .where(inArray(couriers.id, courierIds));
      }
      const versions = new Map<number, number>();
      for (const row of courierIds.length
        ? await tx
            .select({ id: couriers.id, v: couriers.routeVersion })
            .from(couriers)
            .where(inArray(couriers.id, courierIds))
        : []) {
        versions.set(row.id, row.v);
      }
      const values = valid.map((s) => {
        const seq = s.courierId ? nextSeq.get(s.courierId)! + 1 : null;
        if (s.courierId) nextSeq.set(s.courierId, seq!);
        return {
          hubId: s.hubId ?? null,
          kind: s.kind ?? DEFAULT_STOP_KIND,
          orderRef: s.orderRef ?? null,
          address: s.address,
          lat: s.lat,
          lng: s.lng,
          cell: courierCell(s.lat, s.lng),
          windowStart: new Date(instantMs(s.windowStart)),
          windowEnd: new Date(instantMs(s.windowEnd)),
          serviceSeconds: s.serviceSeconds ?? 120,
          demand: s.demand ?? 1,
          slaTier: s.slaTier ?? 'same_day',
          status: (s.courierId ? 'assigned' : 'unassigned') as StopStatus,
          courierId: s.courierId ?? null,
          sequence: seq,
          routeVersion: s.courierId ? versions.get(s.courierId)! : null,
        };
      });
      const rows: StopRow[] = [];
      for (let i = 0; i < values.length; i += 1000) {
        rows.push(
          ...(await tx
            .insert(stops)
            .values(values.slice(i, i + 1000))
            .returning()),
        );
      }
      await appendEvents(tx, actor, [
        ...rows.map((r) => ({
          kind: 'stop.created',
          subjectType: 'stop' as const,
          subjectId: r.id,
          data: { orderRef: r.orderRef, courierId: r.courierId, sequence: r.sequence },
        })),
        ...courierIds.map((id) => ({
          kind: 'route.changed',
          subjectType: 'courier' as const,
          subjectId: id,
          data: { version: versions.get(id), reason: 'import' },
        })),
      ]);
      return { rows, courierIds };
    });
    if (inserted.courierIds.length > 0) this.bus.emit('routes:changed', inserted.courierIds);
    // Consoles learn of the new stops; a few new unassigned ones also ask for suggestions.
    this.bus.emit(
      'stops:changed',
      inserted.rows.map((r) => ({
        id: r.id,
        status: r.status,
        courierId: r.courierId,
        sequence: r.sequence,
        eta: null,
      })),
    );
    return inserted.rows;
  }

  /**
   * Records a courier's visit to one of its stops: arrival, delivery or a failed attempt.
   * Only the courier the stop is assigned to may report it.
   */
  async recordVisit(
    courierId: number,
    stopId: number,
    outcome: 'arrived' | 'delivered' | 'failed',
    at: Date,
    reason?: string,
  ): Promise<StopChange> {
    const change = await this.orm.transaction(async (tx) => {
      const [stop] = await tx.select().from(stops).where(eq(stops.id, stopId)).for('update');
      if (!stop) throw new DomainError('not_found', `stop ${stopId} does not exist`);
      if (stop.courierId !== courierId)
        throw new DomainError('forbidden', `stop ${stopId} is not on this courier's route`);
      if (!(OPEN_STOP_STATUSES as readonly string[]).includes(stop.status)) {
        throw new DomainError('conflict', `stop ${stopId} is already ${stop.status}`);
      }
      if (outcome === 'failed' && !reason)
        throw new DomainError('invalid', 'a failed attempt needs a reason');
      const patch: Partial<typeof stops.$inferInsert> = { status: outcome, updatedAt: new Date() };
      if (outcome === 'arrived') patch.arrivedAt = at;
      else {
        patch.completedAt = at;
        patch.arrivedAt = stop.arrivedAt ?? at;
        patch.attempts = stop.attempts + 1;
        if (outcome === 'failed') patch.failureReason = reason!;
      }
      const [row] = await tx.update(stops).set(patch).where(eq(stops.id, stopId)).returning();
      await appendEvents(tx, { type: 'courier', id: courierId }, [
        {
          kind: `stop.${outcome}`,
          subjectType: 'stop',
          subjectId: stopId,
          data: { at: at.getTime(), ...(reason ? { reason } : {}) },
        },
      ]);
      return {
        id: row!.id,
        status: row!.status,
        courierId: row!.courierId,
        sequence: row!.sequence,
        eta: row!.eta?.getTime() ?? null,
      };
    });
    this.bus.emit('stops:changed', [change]);
    return change;
  }

  async list(filter: {
    status?: StopStatus[];
    courierId?: number;
    hubId?: number;
    limit: number;
    offset: number;
  }): Promise<StopRow[]> {
    const where = [];
    if (filter.status?.length) where.push(inArray(stops.status, filter.status));
    if (filter.courierId !== undefined) where.push(eq(stops.courierId, filter.courierId));
    if (filter.hubId !== undefined) where.push(eq(stops.hubId, filter.hubId));
    return this.orm
      .select()
      .from(stops)
      .where(and(...where))
      .orderBy(asc(stops.windowEnd), asc(stops.id))
      .limit(filter.limit)
      .offset(filter.offset);
  }

  async get(id: number): Promise<StopRow | null> {
    const [row] = await this.orm.select().from(stops).where(eq(stops.id, id));
    return row ?? null;
  }

  /** A courier's remaining route: open stops in sequence order with the route version. */
  async route(courierId: number): Promise<RoutePayload> {
    const [courier] = await this.orm
      .select({ v: couriers.routeVersion })
      .from(couriers)
      .where(eq(couriers.id, courierId));
    if (!courier) throw new DomainError('not_found', `courier ${courierId} does not exist`);
    const rows = await this.orm
      .select()
      .from(stops)
      .where(and(eq(stops.courierId, courierId), inArray(stops.status, [...OPEN_STOP_STATUSES])))
      .orderBy(asc(stops.sequence));
    return { courierId, version: courier.v, stops: rows.map(toRouteStop) };
  }

  /** The current route version of each of these couriers, by id. */
  async routeVersions(courierIds: number[]): Promise<{ courierId: number; version: number }[]> {
    if (courierIds.length === 0) return [];
    return this.orm
      .select({ courierId: couriers.id, version: couriers.routeVersion })
      .from(couriers)
      .where(inArray(couriers.id, courierIds))
      .orderBy(asc(couriers.id));
  }
}

export function toRouteStop(r: StopRow): RouteStop {
  return {
    id: r.id,
    seq: r.sequence ?? 0,
    kind: r.kind,
    status: r.status,
    lat: r.lat,
    lng: r.lng,
    address: r.address,
    orderRef: r.orderRef,
    windowStart: r.windowStart.getTime(),
    windowEnd: r.windowEnd.getTime(),
    serviceSeconds: r.serviceSeconds,
    eta: r.eta ? r.eta.getTime() : null,
  };
}
