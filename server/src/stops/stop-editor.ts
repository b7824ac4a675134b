import { and, eq, inArray, isNull, notInArray, sql } from 'drizzle-orm';
import {
  DomainError,
  type ConsoleUser,
  type StopChange,
  type StopKind,
  type StopPatch,
} from '@dispatch/shared';
import type { HubScope } from '../auth/hub-scope';
import type { Orm } from '../db/client';
import { couriers, hubs, stops } from '../db/schema';
import type { DomainBus } from '../events/bus';
import { appendEvents, type Actor, type EventInput } from '../events/event-log';
import { planStopEdit } from './stop-edit-rules';
import { lifecycleActor, transition } from './stop-lifecycle';
import type { StopRow } from './stop-service';

type Tx = Parameters<Parameters<Orm['transaction']>[0]>[0];

const change = (r: StopRow): StopChange => ({
  id: r.id,
  hubId: r.hubId,
  status: r.status,
  courierId: r.courierId,
  sequence: r.sequence,
  eta: r.eta?.getTime() ?? null,
});

/**
 * Changes to single stops by a console user: editing one not yet completed (one on a route stays
 * there, its route's version goes up with an event), cancelling one, and giving unassigned stops
 * a hub.
 */
export class StopEditor {
  constructor(
    private readonly orm: Orm,
    private readonly bus: DomainBus,
  ) {}

  /** Edits a stop for `user` within `scope`, in one transaction with its events. */
  async edit(
    id: number,
    patch: StopPatch,
    user: Pick<ConsoleUser, 'id'>,
    scope: HubScope,
  ): Promise<StopRow> {
    const actor: Actor = { type: 'user', id: user.id };
    const result = await this.orm.transaction(async (tx) => {
      const [before] = await tx.select().from(stops).where(eq(stops.id, id)).for('update');
      if (!before) throw new DomainError('not_found', `stop ${id} does not exist`);
      scope.assert(before.hubId, { type: 'stop', id });
      if (patch.hubId !== undefined) {
        scope.assert(patch.hubId, { type: 'hub', id: patch.hubId });
        await this.requireHub(tx, patch.hubId);
      }
      const plan = planStopEdit(before, patch);
      if (plan.changed.length === 0) return { row: before, courierId: null };
      const after = { ...before, ...plan.set };
      if (after.orderRef !== null) {
        await this.requireFreeReference(tx, after.hubId, after.orderRef, after.kind, [id]);
      }
      const [row] = await tx
        .update(stops)
        .set({ ...plan.set, updatedAt: new Date() })
        .where(eq(stops.id, id))
        .returning();
      const events: EventInput[] = [
        {
          kind: 'stop.updated',
          subjectType: 'stop',
          subjectId: id,
          hubId: after.hubId,
          data: {
            before: Object.fromEntries(plan.changed.map((k) => [k, before[k]])),
            after: Object.fromEntries(plan.changed.map((k) => [k, after[k]])),
          },
        },
      ];
      let courierId: number | null = null;
      if (plan.routeChanged && before.courierId !== null) {
        courierId = before.courierId;
        const [bumped] = await tx
          .update(couriers)
          .set({ routeVersion: sql`${couriers.routeVersion} + 1`, updatedAt: new Date() })
          .where(eq(couriers.id, courierId))
          .returning({ version: couriers.routeVersion });
        events.push({
          kind: 'route.changed',
          subjectType: 'courier',
          subjectId: courierId,
          data: { version: bumped!.version, reason: 'stop edited', stopId: id },
        });
      }
      await appendEvents(tx, actor, events);
      return { row: row!, courierId };
    });
    this.bus.emit('stops:changed', [change(result.row)]);
    if (result.courierId !== null) this.bus.emit('routes:changed', [result.courierId]);
    return result.row;
  }

  /**
   * Cancels an open stop for `user` within `scope`: it leaves its route, whose version goes up.
   * The stop lifecycle refuses a stop already finished, naming its status.
   */
  async cancel(id: number, user: Pick<ConsoleUser, 'id'>, scope: HubScope): Promise<StopRow> {
    const actor: Actor = { type: 'user', id: user.id };
    const result = await this.orm.transaction(async (tx) => {
      const [before] = await tx.select().from(stops).where(eq(stops.id, id)).for('update');
      if (!before) throw new DomainError('not_found', `stop ${id} does not exist`);
      scope.assert(before.hubId, { type: 'stop', id });
      const status = transition(before.status, 'cancelled', lifecycleActor(actor));
      const [row] = await tx
        .update(stops)
        .set({ status, updatedAt: new Date() })
        .where(eq(stops.id, id))
        .returning();
      const events: EventInput[] = [
        {
          kind: 'stop.cancelled',
          subjectType: 'stop',
          subjectId: id,
          hubId: before.hubId,
          data: { from: before.status, courierId: before.courierId },
        },
      ];
      if (before.courierId !== null) {
        const [bumped] = await tx
          .update(couriers)
          .set({ routeVersion: sql`${couriers.routeVersion} + 1`, updatedAt: new Date() })
          .where(eq(couriers.id, before.courierId))
          .returning({ version: couriers.routeVersion });
        events.push({
          kind: 'route.changed',
          subjectType: 'courier',
          subjectId: before.courierId,
          data: { version: bumped!.version, reason: 'stop cancelled', stopId: id },
        });
      }
      await appendEvents(tx, actor, events);
      return row!;
    });
    this.bus.emit('stops:changed', [change(result)]);
    if (result.courierId !== null) this.bus.emit('routes:changed', [result.courierId]);
    return result;
  }

  /**
   * Gives unassigned stops (with or without a hub) the hub `hubId`, all or none: stops on a route,
   * a hub or stops out of `scope` (as if they did not exist) and taken references are refused.
   */
  async assignHub(
    stopIds: readonly number[],
    hubId: number,
    user: Pick<ConsoleUser, 'id'>,
    scope: HubScope,
  ): Promise<StopRow[]> {
    scope.assert(hubId, { type: 'hub', id: hubId });
    const ids = [...new Set(stopIds)];
    const rows = await this.orm.transaction(async (tx) => {
      await this.requireHub(tx, hubId);
      const found = await tx.select().from(stops).where(inArray(stops.id, ids)).for('update');
      const missing = ids.filter((id) => !found.some((s) => s.id === id));
      if (missing.length > 0)
        throw new DomainError('not_found', `no such stop: ${missing.slice(0, 10).join(', ')}`);
      for (const s of found) scope.assert(s.hubId, { type: 'stop', id: s.id });
      const onRoute = found.filter((s) => s.status !== 'unassigned');
      if (onRoute.length > 0)
        throw new DomainError(
          'conflict',
          `only unassigned stops can change hub; not ${onRoute
            .slice(0, 5)
            .map(stopName)
            .join(', ')} (${onRoute[0]!.status})`,
        );
      for (const s of found) {
        if (s.orderRef !== null)
          await this.requireFreeReference(tx, hubId, s.orderRef, s.kind, ids);
      }
      const updated = await tx
        .update(stops)
        .set({ hubId, updatedAt: new Date() })
        .where(inArray(stops.id, ids))
        .returning();
      await appendEvents(
        tx,
        { type: 'user', id: user.id },
        found.map((s) => ({
          kind: 'stop.updated',
          subjectType: 'stop' as const,
          subjectId: s.id,
          hubId,
          data: { before: { hubId: s.hubId }, after: { hubId } },
        })),
      );
      return updated;
    });
    this.bus.emit('stops:changed', rows.map(change));
    return rows;
  }

  private async requireHub(tx: Tx, hubId: number): Promise<void> {
    const [hub] = await tx.select({ id: hubs.id }).from(hubs).where(eq(hubs.id, hubId));
    if (!hub) throw new DomainError('invalid', `hub ${hubId} does not exist`);
  }

  /** An order has at most one stop of each kind per hub. */
  private async requireFreeReference(
    tx: Tx,
    hubId: number | null,
    orderRef: string,
    kind: string,
    except: readonly number[],
  ): Promise<void> {
    const [taken] = await tx
      .select({ id: stops.id })
      .from(stops)
      .where(
        and(
          hubId === null ? isNull(stops.hubId) : eq(stops.hubId, hubId),
          eq(stops.orderRef, orderRef),
          eq(stops.kind, kind as StopKind),
          notInArray(stops.id, [...except]),
        ),
      );
    if (taken)
      throw new DomainError('conflict', `order ${orderRef} already has a ${kind} at that hub`);
  }
}

const stopName = (s: StopRow) => (s.orderRef ? `order ${s.orderRef}` : s.address);
