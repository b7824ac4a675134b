import {
  DomainError,
  type PlanOutcome,
  type PlanPreview,
  type PlanRequest,
} from '@dispatch/shared';
import { EVERY_HUB, type HubScope } from '../auth/hub-scope';
import type { Database } from '../db/client';
import type { Actor } from '../events/event-log';
import { PlanDrafts } from './plan-drafts';
import type { PlanDraft, PlanService } from './plan-service';

const EXPIRED =
  'This plan is no longer available (it expired, was replaced by a newer one, or was applied or discarded); plan again';

/**
 * Plans shown before they are applied: a preview is computed on the planning thread without
 * writing, kept for a few minutes (one per hub), then accepted (applied in one transaction against
 * the route versions it was made for) or discarded.
 */
export class PlanPreviews {
  constructor(
    private readonly planner: Pick<PlanService, 'draft' | 'apply'>,
    private readonly db: Pick<Database, 'query'>,
    private readonly drafts = new PlanDrafts<PlanDraft>(),
  ) {}

  /** Makes a plan for the hub (in `scope`) and keeps it; answers what it would change. */
  async preview(
    hubId: number,
    request: PlanRequest,
    scope: HubScope = EVERY_HUB,
  ): Promise<PlanPreview> {
    const draft = await this.planner.draft(hubId, request, scope);
    const stored = this.drafts.put(hubId, draft);
    const { outcome, summary } = draft;
    const labels = await this.labelsOf([
      ...outcome.late.map((l) => l.stopId),
      ...outcome.unplanned.map((u) => u.stopId),
    ]);
    const label = (stopId: number) => labels.get(stopId) ?? `#${stopId}`;
    return {
      planId: stored.planId,
      hubId,
      createdAt: stored.createdAt,
      expiresAt: stored.expiresAt,
      unassigned: draft.unassigned,
      planned: summary.planned,
      couriers: summary.couriers,
      km: summary.km,
      lateStops: summary.lateStops,
      late: outcome.late.map((l) => ({ ...l, label: label(l.stopId) })),
      unplanned: outcome.unplanned.map((u) => ({ ...u, label: label(u.stopId) })),
      maxStopsPerCourier: outcome.maxStopsPerCourier,
    };
  }

  /**
   * Applies the hub's kept plan (at most once): `conflict` when a route it touches changed since
   * it was made, `not_found` when it is no longer kept or the hub is out of `scope`.
   */
  async accept(
    hubId: number,
    planId: string,
    actor: Actor,
    scope: HubScope = EVERY_HUB,
  ): Promise<PlanOutcome> {
    scope.assert(hubId, { type: 'hub', id: hubId });
    const stored = this.drafts.take(hubId, planId);
    if (!stored) throw new DomainError('not_found', EXPIRED);
    return this.planner.apply(stored.draft, actor);
  }

  /** Forgets the hub's kept plan; `not_found` when it is no longer kept or the hub is out of `scope`. */
  discard(hubId: number, planId: string, scope: HubScope = EVERY_HUB): void {
    scope.assert(hubId, { type: 'hub', id: hubId });
    if (!this.drafts.take(hubId, planId)) throw new DomainError('not_found', EXPIRED);
  }

  /** `#` and each stop's order reference (its number when it has none). */
  private async labelsOf(stopIds: readonly number[]): Promise<Map<number, string>> {
    if (stopIds.length === 0) return new Map();
    const rows = await this.db.query<{ id: number; order_ref: string | null }>(
      'select id, order_ref from stops where id = any($1::int[])',
      [stopIds],
    );
    return new Map(rows.map((r) => [r.id, `#${r.order_ref ?? r.id}`]));
  }
}
