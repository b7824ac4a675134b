import { and, arrayOverlaps, desc, eq, lt, or, sql, type SQL } from 'drizzle-orm';
import { DomainError, type ReassignResult, type SuggestionView } from '@dispatch/shared';
import type { Orm } from '../db/client';
import { suggestions } from '../db/schema';
import type { DomainBus } from '../events/bus';
import { appendEvents, type Actor } from '../events/event-log';
import type { ReassignService, StopMoveRequest, Tx } from './reassign-service';

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
    // suggestions about those stops no longer describe the situation.
    reassign.onMove(async (tx, stopIds) => {
      const superseded = await tx
        .update(suggestions)
        .set({ status: 'superseded', decidedAt: new Date() })
        .where(
          and(eq(suggestions.status, 'open'), arrayOverlaps(suggestions.stopIds, [...stopIds])),
        )
        .returning();
      return () => {
        for (const row of superseded) this.bus.emit('suggestion:changed', toSuggestionView(row));
      };
    });
  }

  async list(status: 'open' | 'all', limit = 200): Promise<SuggestionView[]> {
    const rows = await this.orm
      .select()
      .from(suggestions)
      .where(status === 'open' ? eq(suggestions.status, 'open') : undefined)
      .orderBy(desc(suggestions.createdAt))
      .limit(limit);
    return rows.map(toSuggestionView);
  }

  async create(input: SuggestionInput, actor: Actor): Promise<SuggestionView> {
    const view = await this.orm.transaction(async (tx) => {
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
   * suggestions touching the same stops are superseded.
   */
  async accept(id: number, userId: number | null): Promise<ReassignResult> {
    const suggestion = await this.openSuggestion(id);
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
          // Others touching the same stops are superseded by every move (see the constructor).
          changed.push(await this.decide(tx, id, 'accepted', userId));
        },
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

  async reject(id: number, userId: number): Promise<SuggestionView> {
    await this.openSuggestion(id);
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
   * or older than `maxAgeMs`. Returns them.
   */
  async expire(filter: { resolvedAlertId?: number; maxAgeMs?: number }): Promise<SuggestionView[]> {
    const conditions: SQL[] = [];
    if (filter.resolvedAlertId !== undefined)
      conditions.push(sql`${suggestions.details}->>'alertId' = ${String(filter.resolvedAlertId)}`);
    if (filter.maxAgeMs !== undefined)
      conditions.push(lt(suggestions.createdAt, new Date(Date.now() - filter.maxAgeMs)));
    if (conditions.length === 0) return [];
    const views = await this.orm.transaction(async (tx) => {
      const rows = await tx
        .update(suggestions)
        .set({ status: 'expired', decidedAt: new Date() })
        .where(and(eq(suggestions.status, 'open'), or(...conditions)))
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

  private async openSuggestion(id: number): Promise<SuggestionRow> {
    const [row] = await this.orm.select().from(suggestions).where(eq(suggestions.id, id));
    if (!row) throw new DomainError('not_found', `suggestion ${id} does not exist`);
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
  };
}
