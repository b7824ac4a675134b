import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import {
  DomainError,
  type ReassignRequest,
  type ReassignResult,
  type StopChange,
} from '@dispatch/shared';
import { EVERY_HUB, type HubScope } from '../auth/hub-scope';
import type { Orm } from '../db/client';
import { couriers, stops } from '../db/schema';
import type { DomainBus } from '../events/bus';
import { appendEvents, type Actor } from '../events/event-log';
import { lifecycleActor, statusOnRoute } from '../stops/stop-lifecycle';
import { wholeOrderMoves } from './order-moves';
import { moveSummary, precedenceBreaks, precedenceMessage, stopName } from './orders';

/** Stops that may still be moved between couriers (a failed one goes back on a route for another attempt). */
const MOVABLE = ['unassigned', 'assigned', 'en_route', 'failed'] as const;

/** Some stops going to one courier, at a 1-based position of its route as it is after the moves before. */
export interface StopMoveRequest {
  stopIds: number[];
  toCourierId: number;
  position?: number | undefined;
  /** The arrival a plan predicts for each stop (epoch ms, as `stopIds`), kept in the event log. */
  plannedEtas?: readonly number[] | undefined;
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
export type MoveHook = (
  tx: Tx,
  stopIds: readonly number[],
  /** Every courier whose route the move changed (its version went up). */
  courierIds: readonly number[],
) => Promise<() => void>;

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
   * Moves stops to a courier by hand; stops or a courier out of `scope` are refused as if they
   * did not exist (`not_found`), before anything changes.
   */
  async reassign(
    request: ReassignRequest,
    actor: Actor,
    scope: HubScope = EVERY_HUB,
  ): Promise<ReassignResult> {
    return this.move(
      [{ stopIds: request.stopIds, toCourierId: request.toCourierId, position: request.position }],
      request.routeVersions,
      actor,
      'manual',
      undefined,
      scope,
    );
  }

  /**
   * Applies several moves (possibly to several couriers) as one change: every courier involved
   * is locked and version-checked, and either all moves land or none does. `alsoInTransaction`
   * runs after the move inside the same transaction (e.g. marking the suggestion that caused it
   * accepted), so both land or neither does. Stops and receiving couriers must be in `scope`.
   */
  async move(
    moves: readonly StopMoveRequest[],
    routeVersions: Record<string, number>,
    actor: Actor,
    reason = 'manual',
    alsoInTransaction?: (tx: Tx) => Promise<void>,
    scope: HubScope = EVERY_HUB,
  ): Promise<ReassignResult> {
    if (moves.every((m) => m.stopIds.length === 0))
      throw new DomainError('invalid', 'no stops to move');
    const receivers = [...new Set(moves.map((m) => m.toCourierId))];
    const outcome = await this.orm.transaction(async (tx) => {
      const askedIds = new Set(moves.flatMap((m) => m.stopIds));
      const whole = await wholeOrderMoves(tx, moves);
      const stopIds = [...new Set(whole.moves.flatMap((m) => m.stopIds))];
      const moving = await tx
        .select()
        .from(stops)
        .where(inArray(stops.id, stopIds))
        .orderBy(asc(stops.id))
        .for('update');
      const missing = stopIds.filter((id) => !moving.some((s) => s.id === id));
      if (missing.length > 0)
        throw new DomainError('not_found', `stop ${missing.join(', ')} does not exist`);
      for (const s of moving) scope.assert(s.hubId, { type: 'stop', id: s.id });
      const stuck = moving.filter((s) => !(MOVABLE as readonly string[]).includes(s.status));
      if (stuck.length > 0) {
        throw new DomainError(
          'conflict',
          `${stuck.map((s) => `${stopName(s)} is ${s.status}`).join(', ')}: it can no longer be moved`,
        );
      }
      // Each moved stop's status on its new route, as the stop lifecycle allows it.
      const placedStatus = new Map(
        moving.map((s) => [s.id, statusOnRoute(s.status, lifecycleActor(actor))]),
      );
      const nowAssigned = new Set(
        moving.filter((s) => placedStatus.get(s.id) !== s.status).map((s) => s.id),
      );
      const owners = [...new Set(moving.flatMap((s) => (s.courierId ? [s.courierId] : [])))];
      // Couriers involved only through a stop that came along with its order: the caller
      // could not have named them, and their route is checked under the lock instead.
      const alongOnly = new Set(
        owners.filter(
          (id) =>
            !receivers.includes(id) &&
            moving.every((s) => s.courierId !== id || !askedIds.has(s.id)),
        ),
      );
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
        scope.assert(receiver.hubId, { type: 'courier', id });
      }
      for (const c of locked) {
        const seen = routeVersions[String(c.id)];
        if (seen === undefined && alongOnly.has(c.id)) continue;
        // A stop now on a route the caller did not name moved there since they looked.
        if (seen === undefined && !receivers.includes(c.id)) {
          const taken = moving.find((s) => s.courierId === c.id)!;
          throw new DomainError(
            'conflict',
            `${stopName(taken)} is now on ${c.name}'s route; refresh and try again`,
          );
        }
        if (seen === undefined)
          throw new DomainError('invalid', `routeVersions must include courier ${c.id}`);
        if (seen !== c.routeVersion) {
          throw new DomainError(
            'conflict',
            `${c.name}'s route changed since you looked; refresh and try again`,
          );
        }
      }

      const orders = new Map<number, number[]>();
      const statusOf = new Map<number, StopChange['status']>();
      const hubOf = new Map<number, number | null>(moving.map((s) => [s.id, s.hubId]));
      for (const c of locked) {
        const route = await tx
          .select({ id: stops.id, status: stops.status, hubId: stops.hubId })
          .from(stops)
          .where(
            and(
              eq(stops.courierId, c.id),
              inArray(stops.status, ['assigned', 'en_route', 'arrived']),
            ),
          )
          .orderBy(asc(stops.sequence));
        for (const r of route) {
          statusOf.set(r.id, r.status);
          hubOf.set(r.id, r.hubId);
        }
        let order = route.map((s) => s.id).filter((id) => !stopIds.includes(id));
        for (const m of whole.moves) {
          if (m.toCourierId !== c.id) continue;
          const at = Math.min(Math.max((m.position ?? order.length + 1) - 1, 0), order.length);
          order = [...order.slice(0, at), ...m.stopIds, ...order.slice(at)];
        }
        orders.set(c.id, order);
      }
      const [broken] = precedenceBreaks(orders, whole.pairs.values());
      if (broken) throw new DomainError('invalid', precedenceMessage(broken));

      const newVersions: Record<string, number> = {};
      const changes: StopChange[] = [];
      for (const c of locked) {
        const version = c.routeVersion + 1;
        newVersions[String(c.id)] = version;
        await tx
          .update(couriers)
          .set({ routeVersion: version, updatedAt: new Date() })
          .where(eq(couriers.id, c.id));
        const order = orders.get(c.id)!;
        await resequence(tx, c.id, order, version, nowAssigned);
        order.forEach((id, i) => {
          changes.push({
            id,
            hubId: hubOf.get(id) ?? null,
            status: placedStatus.get(id) ?? statusOf.get(id)!,
            courierId: c.id,
            sequence: i + 1,
            eta: null,
          });
        });
      }
      const receiverOf = (id: number) => whole.moves.find((m) => m.stopIds.includes(id))!;
      // Stops that came along with their order have no planned arrival of their own.
      const plannedEtaOf = (id: number) => {
        const asked = moves.find((m) => m.stopIds.includes(id));
        return asked?.plannedEtas?.[asked.stopIds.indexOf(id)];
      };
      await appendEvents(tx, actor, [
        ...moving.map((s) => ({
          kind: 'stop.reassigned',
          subjectType: 'stop' as const,
          subjectId: s.id,
          hubId: s.hubId,
          data: {
            from: s.courierId,
            to: receiverOf(s.id).toCourierId,
            reason,
            // Its place on the receiving route, and when a plan expects it there (replay's "planned").
            sequence: orders.get(receiverOf(s.id).toCourierId)!.indexOf(s.id) + 1,
            ...(plannedEtaOf(s.id) === undefined ? {} : { plannedEta: plannedEtaOf(s.id) }),
            ...(askedIds.has(s.id) ? {} : { withItsOrder: true }),
            ...(nowAssigned.has(s.id) ? { statusFrom: s.status, status: 'assigned' } : {}),
          },
        })),
        ...locked.map((c) => ({
          kind: 'route.changed',
          subjectType: 'courier' as const,
          subjectId: c.id,
          hubId: c.hubId,
          data: { version: newVersions[String(c.id)], reason },
        })),
      ]);
      await alsoInTransaction?.(tx);
      const afterCommit: (() => void)[] = [];
      const touched = locked.map((c) => c.id);
      for (const hook of this.hooks) afterCommit.push(await hook(tx, stopIds, touched));
      const summary = moveSummary(
        receivers.map((id) => {
          const received = orders.get(id)!.flatMap((stopId) => {
            const stop = moving.find((s) => s.id === stopId);
            return stop ? [stop] : [];
          });
          return {
            courierName: locked.find((c) => c.id === id)!.name,
            stops: received,
            reordered: received.every((s) => s.courierId === id),
          };
        }),
        whole.pairs,
      );
      return {
        result: { movedStopIds: stopIds, routeVersions: newVersions, summary },
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

/**
 * Writes 1..n sequence numbers (and the route version) for a courier's stops in order, and
 * `assigned` for the stops the lifecycle moved there.
 */
async function resequence(
  tx: Tx,
  courierId: number,
  order: number[],
  version: number,
  /** Stops whose status becomes `assigned` (checked by the stop lifecycle). */
  nowAssigned: ReadonlySet<number>,
): Promise<void> {
  if (order.length === 0) return;
  await tx.execute(sql`
    update stops s set courier_id = ${courierId}, sequence = v.seq, route_version = ${version},
      status = case when s.id = any(${`{${[...nowAssigned].join(',')}}`}::int[]) then 'assigned'
        else s.status end,
      updated_at = now()
    from unnest(${`{${order.join(',')}}`}::int[]) with ordinality as v(id, seq)
    where s.id = v.id`);
}
