import { randomInt } from 'node:crypto';
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import {
  DEFAULT_STOP_KIND,
  DomainError,
  MAX_STOPS_PER_IMPORT,
  OPEN_STOP_STATUSES,
  courierCell,
  type RoutePayload,
  type StopImportPreview,
  type StopInput,
  type StopStatus,
} from '@dispatch/shared';
import { EVERY_HUB, type HubScope } from '../auth/hub-scope';
import type { Orm } from '../db/client';
import { couriers, hubs, stops } from '../db/schema';
import type { DomainBus } from '../events/bus';
import { appendEvents, type Actor } from '../events/event-log';
import {
  applyImportDefaults,
  checkStopReferences,
  problemDetails,
  validateStopImport,
} from './stop-import';
import { instantMs } from './stop-input';
import { previewRow } from './stop-preview';
import { addReturnDropOffs } from './return-drop-offs';
import { returnLegs } from './return-legs';
import { toRouteStop } from './route-stop';

/** At most this many problems are reported for one import. */
const PROBLEM_LIMIT = 200;

export type StopRow = typeof stops.$inferSelect;

type Tx = Parameters<Parameters<Orm['transaction']>[0]>[0];

/** Columns a stop may get beyond the import formats': an order's shop and customer contact. */
export type StopOrderColumns = Pick<
  typeof stops.$inferInsert,
  'shopId' | 'customerEmail' | 'customerLanguage'
>;

/** Stops an import wrote, and the couriers whose routes it changed. */
export interface ImportedStops {
  rows: StopRow[];
  courierIds: number[];
}

/** Stops: bulk import and the routes they form. */
export class StopService {
  constructor(
    private readonly orm: Orm,
    private readonly bus: DomainBus,
  ) {}

  /**
   * Fills the hub chosen for rows naming none (for a user bound to a hub, theirs when none is
   * chosen), and reads window times written without an offset in their hub's time zone. A row
   * or choice of a hub out of `scope` is refused as if the hub did not exist.
   */
  async withImportDefaults(
    items: readonly unknown[],
    hubId?: number,
    scope: HubScope = EVERY_HUB,
  ): Promise<unknown[]> {
    const chosen = scope.resolve(hubId);
    const zones = new Map(
      (await this.orm.select({ id: hubs.id, timezone: hubs.timezone }).from(hubs)).map((h) => [
        h.id,
        h.timezone,
      ]),
    );
    const filled = applyImportDefaults(items, { hubId: chosen, zoneOfHub: (id) => zones.get(id) });
    for (const item of filled) {
      const named = (item as { hubId?: unknown } | null)?.hubId;
      if (typeof named === 'number') scope.assert(named, { type: 'hub', id: named });
    }
    return filled;
  }

  /** What importing these stops would create, with every problem; writes nothing. */
  async previewImport(items: unknown[], scope: HubScope = EVERY_HUB): Promise<StopImportPreview> {
    this.checkCount(items);
    const { checked, problems } = validateStopImport(items);
    await checkStopReferences(this.orm, items, checked, problems, scope);
    return {
      stops: items.map(previewRow),
      problems: problems.slice(0, PROBLEM_LIMIT),
      problemLimit: PROBLEM_LIMIT,
    };
  }

  /**
   * Validates every stop first and inserts all of them in one transaction, or none: a bad row
   * gets an `invalid` error listing each problem by line (CSV) or index (JSON).
   */
  async importStops(
    items: unknown[],
    actor: Actor,
    scope: HubScope = EVERY_HUB,
  ): Promise<StopRow[]> {
    const valid = await this.checkedImport(this.orm, items, scope);
    const inserted = await this.orm.transaction((tx) => this.insertImport(tx, valid, actor));
    this.announceImport(inserted);
    return inserted.rows;
  }

  /**
   * The import in the caller's transaction (an order commits its stops with its tracking link and
   * its idempotency record), with columns the import formats do not carry, by item index. The
   * caller announces the stops after its commit (`announceImport`).
   */
  async importWithin(
    tx: Tx,
    items: unknown[],
    actor: Actor,
    columns: (index: number) => StopOrderColumns,
  ): Promise<ImportedStops> {
    return this.insertImport(tx, await this.checkedImport(tx, items), actor, columns);
  }

  /** Tells consoles and devices of committed imported stops, as every import does. */
  announceImport(inserted: ImportedStops): void {
    if (inserted.courierIds.length > 0) this.bus.emit('routes:changed', inserted.courierIds);
    // Consoles learn of the new stops; a few new unassigned ones also ask for suggestions.
    this.bus.emit(
      'stops:changed',
      inserted.rows.map((r) => ({
        id: r.id,
        hubId: r.hubId,
        status: r.status,
        courierId: r.courierId,
        sequence: r.sequence,
        eta: null,
      })),
    );
  }

  /** The stops, each checked on its own, against the others and against what is stored. */
  private async checkedImport(
    orm: Pick<Orm, 'select'>,
    items: unknown[],
    scope: HubScope = EVERY_HUB,
  ): Promise<StopInput[]> {
    this.checkCount(items);
    const { checked, problems } = validateStopImport(items);
    if (problems.length === 0) await checkStopReferences(orm, items, checked, problems, scope);
    if (problems.length > 0) {
      throw new DomainError(
        'invalid',
        `${problems.length} problem(s); nothing was imported`,
        problemDetails(problems.slice(0, PROBLEM_LIMIT)),
      );
    }
    return checked.map((c) => c.stop);
  }

  private async insertImport(
    tx: Tx,
    valid: readonly StopInput[],
    actor: Actor,
    columns?: (index: number) => StopOrderColumns,
  ): Promise<ImportedStops> {
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
      for (const id of courierIds) nextSeq.set(id, maxes.find((m) => m.courierId === id)?.max ?? 0);
      // In id order, as every writer of several couriers' rows locks them (the ping commit too),
      // so that an import and a commit of the same couriers' pings cannot deadlock.
      await tx
        .select({ id: couriers.id })
        .from(couriers)
        .where(inArray(couriers.id, courierIds))
        .orderBy(asc(couriers.id))
        .for('no key update');
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
    const values = valid.map((s, index) => {
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
        customerName: s.customerName ?? null,
        customerPhone: s.customerPhone ?? null,
        notes: s.notes ?? null,
        requiresCode: s.requiresCode ?? false,
        deliveryCode: s.requiresCode ? newDeliveryCode() : null,
        ...columns?.(index),
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
    // A customer return comes with its drop-off at the hub: one order, planned as a pair.
    rows.push(...(await addReturnDropOffs(tx, rows)));
    await appendEvents(tx, actor, [
      ...rows.map((r) => ({
        kind: 'stop.created',
        subjectType: 'stop' as const,
        subjectId: r.id,
        hubId: r.hubId,
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
  }

  private checkCount(items: readonly unknown[]): void {
    if (items.length === 0) throw new DomainError('invalid', 'no stops to import');
    if (items.length > MAX_STOPS_PER_IMPORT)
      throw new DomainError('too_large', `at most ${MAX_STOPS_PER_IMPORT} stops per import`);
  }

  async list(filter: {
    status?: StopStatus[];
    courierId?: number;
    hubId?: number;
    /** Only stops without a hub. */
    noHub?: boolean;
    limit: number;
    offset: number;
    /** Whose stops: a user bound to a hub sees that hub's and those without a hub. */
    scope?: HubScope;
  }): Promise<StopRow[]> {
    const where = [filter.scope?.condition(stops.hubId)];
    if (filter.status?.length) where.push(inArray(stops.status, filter.status));
    if (filter.courierId !== undefined) where.push(eq(stops.courierId, filter.courierId));
    if (filter.hubId !== undefined) where.push(eq(stops.hubId, filter.hubId));
    if (filter.noHub) where.push(isNull(stops.hubId));
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

  /**
   * A courier's remaining route: open stops in sequence order with the route version, then any
   * parcel it is bringing back to the hub (`return-legs.ts`).
   */
  async route(courierId: number, scope: HubScope = EVERY_HUB): Promise<RoutePayload> {
    const [courier] = await this.orm
      .select({ v: couriers.routeVersion, hubId: couriers.hubId })
      .from(couriers)
      .where(eq(couriers.id, courierId));
    if (!courier) throw new DomainError('not_found', `courier ${courierId} does not exist`);
    scope.assert(courier.hubId, { type: 'courier', id: courierId });
    const rows = await this.orm
      .select()
      .from(stops)
      .where(
        and(
          eq(stops.courierId, courierId),
          inArray(stops.status, [...OPEN_STOP_STATUSES, 'returning']),
        ),
      )
      .orderBy(asc(stops.sequence));
    const open = rows.filter((r) => r.status !== 'returning').map(toRouteStop);
    const back = rows.filter((r) => r.status === 'returning');
    const afterSeq = open.reduce((max, s) => Math.max(max, s.seq), 0);
    const legs = await returnLegs(this.orm, back, afterSeq, toRouteStop);
    return { courierId, version: courier.v, stops: [...open, ...legs] };
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

/** The code a customer reads out to the courier: four digits, not guessable from the order. */
export function newDeliveryCode(): string {
  return String(randomInt(0, 10_000)).padStart(4, '0');
}
