import { and, arrayOverlaps, desc, eq, inArray, lt, or, sql, type SQL } from 'drizzle-orm';
import { DomainError, type ReassignResult, type SuggestionView } from '@dispatch/shared';
import { EVERY_HUB, type HubScope } from '../auth/hub-scope';
import type { Orm } from '../db/client';
import { couriers, suggestions } from '../db/schema';
import type { DomainBus } from '../events/bus';
import { appendEvents, type Actor } from '../events/event-log';
import type { ReassignService, StopMoveRequest, Tx } from './reassign-service';
import type { WriteGuard } from './suggestion-fence';

type SuggestionRow = typeof suggestions.$inferSelect;

export interface SuggestionInput {
  kind: string;
  stopIds: number[];
  fromCourierId: number | null;
  toCourierId: number;
  fromRouteVersion: number | null;
  toRouteVersion: number;
  insertPosition: number | null;
  score: number;
  explanation: string;
  details?: Record<string, unknown>;
}

/** Reassignment suggestions: stored, listed, accepted (applied safely) or rejected. */
export class SuggestionService {
  constructor(
    private readonly orm: Orm,
    private readonly bus: DomainBus,
    private readonly reassign: ReassignService,
  ) {
    // Whatever moves stops (an accepted suggestion, a dispatcher's reassignment, a plan), open
    // suggestions about those stops no longer describe the situation, and those computed on a
    // route the move changed can never apply (accepting them would only answer `conflict`).
    reassign.onMove(async (tx, stopIds, courierIds) => {
      const couriersTouched = courierIds.map(String);
      const superseded = await tx
        .update(suggestions)
        .set({ status: 'superseded', decidedAt: new Date() })
        .where(
          and(
            eq(suggestions.status, 'open'),
            or(
              arrayOverlaps(suggestions.stopIds, [...stopIds]),
              courierIds.length > 0
                ? inArray(suggestions.fromCourierId, [...courierIds])
                : undefined,
              courierIds.length > 0 ? inArray(suggestions.toCourierId, [...courierIds]) : undefined,
              courierIds.length > 0
                ? sql`${suggestions.details} -> 'routeVersions' ?| ${sql.raw(pgTextArray(couriersTouched))}`
                : undefined,
            ),
          ),
        )
        .returning();
      return () => {
        for (const row of superseded) this.bus.emit('suggestion:changed', toSuggestionView(row));
      };
    });
  }

  /** Suggestions, newest first; those in `scope` (the receiving courier's hub) only. */
  async list(
    status: 'open' | 'all',
    limit = 200,
    scope: HubScope = EVERY_HUB,
  ): Promise<SuggestionView[]> {
    const rows = await this.orm
      .select({ suggestion: suggestions })
      .from(suggestions)
      .leftJoin(couriers, eq(couriers.id, suggestions.toCourierId))
      .where(
        and(
          status === 'open' ? eq(suggestions.status, 'open') : undefined,
          scope.condition(couriers.hubId),
        ),
      )
      .orderBy(desc(suggestions.createdAt))
      .limit(limit);
    return rows.map((r) => toSuggestionView(r.suggestion));
  }

  /** Stores a suggestion; `guard` (the hub's fence, for the triggers) runs first in the transaction. */
  async create(input: SuggestionInput, actor: Actor, guard?: WriteGuard): Promise<SuggestionView> {
    const view = await this.orm.transaction(async (tx) => {
      await guard?.(tx);
      const [row] = await tx
        .insert(suggestions)
        .values({ ...input, details: input.details ?? {} })
        .returning();
      await appendEvents(tx, actor, [
        {
          kind: 'suggestion.created',
          subjectType: 'suggestion',
          subjectId: row!.id,
          data: { stopIds: input.stopIds },
        },
      ]);
      return toSuggestionView(row!);
    });
    this.bus.emit('suggestion:changed', view);
    return view;
  }

  /**
   * Applies the suggestion against the route versions it was computed for. A route changed
   * since is a `conflict` (nothing moves and the suggestion expires); on success other open
   * suggestions touching the same stops are superseded. A suggestion, stop or courier out of
   * `scope` is `not_found`. It applies once: the first to decide it wins, under the routes' row
   * locks, and any other accept at the same moment answers `conflict`. `guard` runs in the same
   * transaction (the hub's fence when the auto-dispatch policy accepts).
   */
  async accept(
    id: number,
    userId: number | null,
    scope: HubScope = EVERY_HUB,
    guard?: WriteGuard,
  ): Promise<ReassignResult> {
    const suggestion = await this.openSuggestion(id, scope);
    // No user: the hub's auto-dispatch policy accepted it.
    const actor: Actor = userId === null ? { type: 'system' } : { type: 'user', id: userId };
    const versions: Record<string, number> = {
      [String(suggestion.toCourierId)]: suggestion.toRouteVersion ?? -1,
    };
    if (suggestion.fromCourierId !== null)
      versions[String(suggestion.fromCourierId)] = suggestion.fromRouteVersion ?? -1;
    const stored = suggestion.details as {
      moves?: StopMoveRequest[];
      routeVersions?: Record<string, number>;
    };
    // A stalled courier's stops may go to several couriers: all of them move, or none.
    const moves: StopMoveRequest[] = stored.moves?.length
      ? stored.moves
      : [
          {
            stopIds: suggestion.stopIds,
            toCourierId: suggestion.toCourierId!,
            position: suggestion.insertPosition ?? undefined,
          },
        ];
    Object.assign(versions, stored.routeVersions ?? {});
    const changed: SuggestionView[] = [];
    try {
      const result = await this.reassign.move(
        moves,
        versions,
        actor,
        `suggestion ${id}`,
        async (tx) => {
          await guard?.(tx);
          // Others touching the same stops are superseded by every move (see the constructor).
          changed.push(await this.decide(tx, id, 'accepted', userId));
        },
        scope,
      );
      for (const s of changed) this.bus.emit('suggestion:changed', s);
      return result;
    } catch (err) {
      if (err instanceof DomainError && err.code === 'conflict') {
        // Computed against routes that have moved on: it can never apply now. (If someone else
        // decided it meanwhile, it is no longer open and stays as they left it.)
        const expired = await this.orm
          .transaction((tx) => this.decide(tx, id, 'expired', null))
          .catch(() => null);
        if (expired) this.bus.emit('suggestion:changed', expired);
      }
      throw err;
    }
  }

  /** Rejects an open suggestion in `scope` (else `not_found`). */
  async reject(id: number, userId: number, scope: HubScope = EVERY_HUB): Promise<SuggestionView> {
    await this.openSuggestion(id, scope);
    const view = await this.orm.transaction((tx) => this.decide(tx, id, 'rejected', userId));
    this.bus.emit('suggestion:changed', view);
    return view;
  }

  /** Whether an open suggestion already proposes moving exactly these stops to this courier. */
  async hasOpen(stopIds: readonly number[], toCourierId: number): Promise<boolean> {
    const rows = await this.orm
      .select({ stopIds: suggestions.stopIds })
      .from(suggestions)
      .where(
        and(
          eq(suggestions.status, 'open'),
          eq(suggestions.toCourierId, toCourierId),
          arrayOverlaps(suggestions.stopIds, [...stopIds]),
        ),
      );
    const wanted = [...stopIds].sort((a, b) => a - b).join(',');
    return rows.some((r) => [...r.stopIds].sort((a, b) => a - b).join(',') === wanted);
  }

  /**
   * Expires open suggestions that no longer matter: made for an alert that has been resolved,
   * or older than `maxAgeMs`; with `receiverHubId`, only those whose receiving courier is of that
   * hub (null: of no hub). `guard` runs first in the transaction. Returns them.
   */
  async expire(
    filter: { resolvedAlertId?: number; maxAgeMs?: number; receiverHubId?: number | null },
    guard?: WriteGuard,
  ): Promise<SuggestionView[]> {
    const conditions: SQL[] = [];
    if (filter.resolvedAlertId !== undefined)
      conditions.push(sql`${suggestions.details}->>'alertId' = ${String(filter.resolvedAlertId)}`);
    if (filter.maxAgeMs !== undefined)
      conditions.push(lt(suggestions.createdAt, new Date(Date.now() - filter.maxAgeMs)));
    if (conditions.length === 0) return [];
    const views = await this.orm.transaction(async (tx) => {
      await guard?.(tx);
      const rows = await tx
        .update(suggestions)
        .set({ status: 'expired', decidedAt: new Date() })
        .where(
          and(
            eq(suggestions.status, 'open'),
            or(...conditions),
            filter.receiverHubId === undefined ? undefined : receivedIn(filter.receiverHubId),
          ),
        )
        .returning();
      await appendEvents(
        tx,
        { type: 'system' },
        rows.map((r) => ({
          kind: 'suggestion.expired',
          subjectType: 'suggestion' as const,
          subjectId: r.id,
        })),
      );
      return rows.map(toSuggestionView);
    });
    for (const view of views) this.bus.emit('suggestion:changed', view);
    return views;
  }

  /**
   * The hubs of the receiving couriers of open suggestions older than `maxAgeMs` (null: a
   * courier of no hub), so that each hub's owner ages out its own.
   */
  async agedHubs(maxAgeMs: number): Promise<(number | null)[]> {
    const rows = await this.orm
      .selectDistinct({ hubId: couriers.hubId })
      .from(suggestions)
      .leftJoin(couriers, eq(couriers.id, suggestions.toCourierId))
      .where(
        and(
          eq(suggestions.status, 'open'),
          lt(suggestions.createdAt, new Date(Date.now() - maxAgeMs)),
        ),
      );
    return rows.map((r) => r.hubId);
  }

  /** An open suggestion in `scope`: the hub of its receiving courier. */
  private async openSuggestion(id: number, scope: HubScope): Promise<SuggestionRow> {
    const [found] = await this.orm
      .select({ row: suggestions, hubId: couriers.hubId })
      .from(suggestions)
      .leftJoin(couriers, eq(couriers.id, suggestions.toCourierId))
      .where(eq(suggestions.id, id));
    if (!found) throw new DomainError('not_found', `suggestion ${id} does not exist`);
    scope.assert(found.hubId, { type: 'suggestion', id });
    const { row } = found;
    if (row.status !== 'open')
      throw new DomainError('conflict', `suggestion ${id} is already ${row.status}`);
    if (row.toCourierId === null)
      throw new DomainError('invalid', `suggestion ${id} has no receiving courier`);
    return row;
  }

  private async decide(
    tx: Tx,
    id: number,
    status: 'accepted' | 'rejected' | 'expired',
    userId: number | null,
  ): Promise<SuggestionView> {
    const [row] = await tx
      .update(suggestions)
      .set({ status, decidedAt: new Date(), decidedBy: userId })
      .where(and(eq(suggestions.id, id), eq(suggestions.status, 'open')))
      .returning();
    if (!row) throw new DomainError('conflict', `suggestion ${id} was decided by someone else`);
    await appendEvents(tx, userId ? { type: 'user', id: userId } : { type: 'system' }, [
      { kind: `suggestion.${status}`, subjectType: 'suggestion', subjectId: id },
    ]);
    return toSuggestionView(row);
  }
}

export function toSuggestionView(row: SuggestionRow): SuggestionView {
  return {
    id: row.id,
    kind: row.kind,
    stopIds: row.stopIds,
    fromCourierId: row.fromCourierId,
    toCourierId: row.toCourierId,
    fromRouteVersion: row.fromRouteVersion,
    toRouteVersion: row.toRouteVersion,
    insertPosition: row.insertPosition,
    score: row.score,
    explanation: row.explanation,
    status: row.status,
    createdAt: row.createdAt.getTime(),
    ...storedContext(row.details),
  };
}

/** The alert and the predicted effect the engine stored with a suggestion, when it did. */
function storedContext(
  details: unknown,
): Pick<SuggestionView, 'alertId' | 'effect' | 'receiverIds'> {
  const stored = (details ?? {}) as {
    alertId?: unknown;
    effect?: SuggestionView['effect'];
    moves?: { toCourierId?: unknown }[];
  };
  const receivers = (stored.moves ?? []).map((m) => m.toCourierId);
  return {
    alertId: typeof stored.alertId === 'number' ? stored.alertId : null,
    effect: stored.effect && Array.isArray(stored.effect.arrivals) ? stored.effect : null,
    ...(receivers.length > 0 && receivers.every((id) => typeof id === 'number')
      ? { receiverIds: [...new Set(receivers as number[])] }
      : {}),
  };
}

/** Suggestions whose receiving courier is of `hubId` (null: of no hub, or none). */
function receivedIn(hubId: number | null): SQL {
  return hubId === null
    ? sql`not exists (select 1 from ${couriers} where ${couriers.id} = ${suggestions.toCourierId} and ${couriers.hubId} is not null)`
    : sql`exists (select 1 from ${couriers} where ${couriers.id} = ${suggestions.toCourierId} and ${couriers.hubId} = ${hubId})`;
}

/** A text array literal of digits-only strings (courier ids), safe to inline. */
function pgTextArray(values: readonly string[]): string {
  if (!values.every((v) => /^[0-9]+$/.test(v))) throw new Error('courier ids must be digits');
  return `array[${values.map((v) => `'${v}'`).join(',')}]::text[]`;
}
