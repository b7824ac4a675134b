import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import {
  DomainError,
  type ReassignRequest,
  type ReassignResult,
  type StopChange,
} from '@dispatch/shared';
import type { Orm } from '../db/client';
import { couriers, stops } from '../db/schema';
import type { DomainBus } from '../events/bus';
import { appendEvents, type Actor } from '../events/event-log';

/** Stops that may still be moved between couriers (a failed one goes back on a route for another attempt). */
const MOVABLE = ['unassigned', 'assigned', 'en_route', 'failed'] as const;

/** Some stops going to one courier, at a 1-based position of its route as it is after the moves before. */
export interface StopMoveRequest {
  stopIds: number[];
  toCourierId: number;
  position?: number | undefined;
}

export type Tx = Parameters<Parameters<Orm['transaction']>[0]>[0];

/**
 * Moves stops between couriers' routes in one transaction, checking every route version the
 * caller saw (optimistic concurrency): a stale version is a `conflict` and nothing changes.
 */
/**
 * Runs inside every move's transaction once the stops have moved; what it returns runs after
 * the commit (pushing what it changed).
 */
export type MoveHook = (tx: Tx, stopIds: readonly number[]) => Promise<() => void>;

export class ReassignService {
  private readonly hooks: MoveHook[] = [];

  constructor(
    private readonly orm: Orm,
    private readonly bus: DomainBus,
  ) {}

  /** Adds work every move does in its transaction (superseding suggestions about the moved stops). */
  onMove(hook: MoveHook): void {
    this.hooks.push(hook);
  }

  /**
   * `alsoInTransaction` runs after the move inside the same transaction (e.g. marking the
   * suggestion that caused it accepted), so both land or neither does.
   */
  async reassign(
    request: ReassignRequest,
    actor: Actor,
    reason = 'manual',
    alsoInTransaction?: (tx: Tx) => Promise<void>,
  ): Promise<ReassignResult> {
    return this.move(
      [{ stopIds: request.stopIds, toCourierId: request.toCourierId, position: request.position }],
      request.routeVersions,
      actor,
      reason,
      alsoInTransaction,
    );
  }

  /**
   * Applies several moves (possibly to several couriers) as one change: every courier involved
   * is locked and version-checked, and either all moves land or none does.
   */
  async move(
    moves: readonly StopMoveRequest[],
    routeVersions: Record<string, number>,
    actor: Actor,
    reason = 'manual',
    alsoInTransaction?: (tx: Tx) => Promise<void>,
  ): Promise<ReassignResult> {
    const stopIds = [...new Set(moves.flatMap((m) => m.stopIds))];
    if (stopIds.length === 0) throw new DomainError('invalid', 'no stops to move');
    const receivers = [...new Set(moves.map((m) => m.toCourierId))];
    const outcome = await this.orm.transaction(async (tx) => {
      const moving = await tx
        .select()
        .from(stops)
        .where(inArray(stops.id, stopIds))
        .orderBy(asc(stops.id))
        .for('update');
      const missing = stopIds.filter((id) => !moving.some((s) => s.id === id));
      if (missing.length > 0)
        throw new DomainError('not_found', `stop ${missing.join(', ')} does not exist`);
      const stuck = moving.filter((s) => !(MOVABLE as readonly string[]).includes(s.status));
      if (stuck.length > 0) {
        throw new DomainError(
          'conflict',
          `stop ${stuck.map((s) => `#${s.orderRef ?? s.id} is ${s.status}`).join(', ')}: it can no longer be moved`,
        );
      }
      const owners = [...new Set(moving.flatMap((s) => (s.courierId ? [s.courierId] : [])))];
      const involved = [...new Set([...owners, ...receivers])].sort((a, b) => a - b);
      // Lock the couriers in id order so concurrent reassignments cannot deadlock.
      const locked = await tx
        .select()
        .from(couriers)
        .where(inArray(couriers.id, involved))
        .orderBy(asc(couriers.id))
        .for('update');
      for (const id of receivers) {
        const receiver = locked.find((c) => c.id === id);
        if (!receiver || !receiver.active)
          throw new DomainError('not_found', `courier ${id} does not exist or is inactive`);
      }
      for (const c of locked) {
        const seen = routeVersions[String(c.id)];
        // A stop now on a route the caller did not name moved there since they looked.
        if (seen === undefined && !receivers.includes(c.id)) {
          const taken = moving.find((s) => s.courierId === c.id)!;
          throw new DomainError(
            'conflict',
            `stop #${taken.orderRef ?? taken.id} is now on ${c.name}'s route; refresh and try again`,
          );
        }
        if (seen === undefined)
          throw new DomainError('invalid', `routeVersions must include courier ${c.id}`);
        if (seen !== c.routeVersion) {
          throw new DomainError(
            'conflict',
            `${c.name}'s route changed since you looked (version ${c.routeVersion}, you saw ${seen}); refresh and try again`,
          );
        }
      }

      const newVersions: Record<string, number> = {};
      const changes: StopChange[] = [];
      for (const c of locked) {
        const version = c.routeVersion + 1;
        newVersions[String(c.id)] = version;
        await tx
          .update(couriers)
          .set({ routeVersion: version, updatedAt: new Date() })
          .where(eq(couriers.id, c.id));
        const route = await tx
          .select({ id: stops.id, status: stops.status })
          .from(stops)
          .where(
            and(
              eq(stops.courierId, c.id),
              inArray(stops.status, ['assigned', 'en_route', 'arrived']),
            ),
          )
          .orderBy(asc(stops.sequence));
        let order = route.map((s) => s.id).filter((id) => !stopIds.includes(id));
        for (const m of moves) {
          if (m.toCourierId !== c.id) continue;
          const at = Math.min(Math.max((m.position ?? order.length + 1) - 1, 0), order.length);
          order = [...order.slice(0, at), ...m.stopIds, ...order.slice(at)];
        }
        await resequence(tx, c.id, order, version);
        order.forEach((id, i) => {
          const before = moving.find((s) => s.id === id);
          changes.push({
            id,
            status:
              before && (before.status === 'unassigned' || before.status === 'failed')
                ? 'assigned'
                : (before?.status ?? route.find((r) => r.id === id)!.status),
            courierId: c.id,
            sequence: i + 1,
            eta: null,
          });
        });
      }
      await appendEvents(tx, actor, [
        ...moving.map((s) => ({
          kind: 'stop.reassigned',
          subjectType: 'stop' as const,
          subjectId: s.id,
          data: {
            from: s.courierId,
            to: moves.find((m) => m.stopIds.includes(s.id))!.toCourierId,
            reason,
          },
        })),
        ...locked.map((c) => ({
          kind: 'route.changed',
          subjectType: 'courier' as const,
          subjectId: c.id,
          data: { version: newVersions[String(c.id)], reason },
        })),
      ]);
      await alsoInTransaction?.(tx);
      const afterCommit: (() => void)[] = [];
      for (const hook of this.hooks) afterCommit.push(await hook(tx, stopIds));
      return {
        result: { movedStopIds: stopIds, routeVersions: newVersions },
        changes,
        involved,
        afterCommit,
      };
    });
    this.bus.emit('routes:changed', outcome.involved);
    this.bus.emit('stops:changed', outcome.changes);
    for (const after of outcome.afterCommit) after();
    return outcome.result;
  }
}

/** Writes 1..n sequence numbers (and the route version) for a courier's stops in order. */
async function resequence(
  tx: Tx,
  courierId: number,
  order: number[],
  version: number,
): Promise<void> {
  if (order.length === 0) return;
  await tx.execute(sql`
    update stops s set courier_id = ${courierId}, sequence = v.seq, route_version = ${version},
      status = case when s.status in ('unassigned', 'failed') then 'assigned' else s.status end,
      updated_at = now()
    from unnest(${`{${order.join(',')}}`}::int[]) with ordinality as v(id, seq)
    where s.id = v.id`);
}
