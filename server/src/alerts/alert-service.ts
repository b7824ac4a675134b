import { and, desc, eq, inArray, isNotNull, isNull, lte, or, sql } from 'drizzle-orm';
import { DomainError, type AlertKind, type AlertSeverity, type AlertView } from '@dispatch/shared';
import { EVERY_HUB, type HubScope } from '../auth/hub-scope';
import { NO_FENCE, type Fence } from '../cluster/fence';
import type { Orm } from '../db/client';
import type { AlertSubject } from '../detect/types';
import { alerts } from '../db/schema';
import type { DomainBus } from '../events/bus';
import { appendEvents, type Actor } from '../events/event-log';
import { checkAlertFence, type AlertWriteFence } from './alert-fence';

type AlertRow = typeof alerts.$inferSelect;

export interface AlertFilter {
  status: 'open' | 'resolved' | 'all';
  kind?: AlertKind[] | undefined;
  courierId?: number | undefined;
  ids?: readonly number[] | undefined;
  limit: number;
  /** Whose alerts: a user bound to a hub sees that hub's and those of no hub. */
  scope?: HubScope | undefined;
  /** Only the alerts of these hubs or of these couriers (what a node takes over). */
  of?: { hubIds: readonly number[]; courierIds: readonly number[] } | undefined;
}

/** Alerts: one open alert per (kind, subject); acknowledge; resolve. */
export class AlertService {
  constructor(
    private readonly orm: Orm,
    private readonly bus: DomainBus,
  ) {}

  async list(filter: AlertFilter): Promise<AlertView[]> {
    const where = [filter.scope?.condition(alerts.hubId)];
    if (filter.status === 'open') where.push(isNull(alerts.resolvedAt));
    if (filter.status === 'resolved') where.push(isNotNull(alerts.resolvedAt));
    if (filter.kind?.length) where.push(inArray(alerts.kind, filter.kind));
    if (filter.courierId !== undefined) where.push(eq(alerts.courierId, filter.courierId));
    if (filter.ids) where.push(inArray(alerts.id, [...filter.ids]));
    if (filter.of) where.push(ofHubsOrCouriers(filter.of.hubIds, filter.of.courierIds));
    const rows = await this.orm
      .select()
      .from(alerts)
      .where(and(...where))
      .orderBy(desc(alerts.openedAt))
      .limit(filter.limit);
    return rows.map(toAlertView);
  }

  /**
   * Opens an alert, or updates the open one for the same kind and subject (severity, details)
   * instead of adding another. With a `fence`, only while this node owns the alert's hub (the
   * subject's, else the open alert's).
   */
  async raise(
    kind: AlertKind,
    subject: AlertSubject,
    severity: AlertSeverity,
    details: Record<string, unknown>,
    actor: Actor,
    fence: Fence = NO_FENCE,
  ): Promise<AlertView> {
    const view = await this.orm.transaction(async (tx) => {
      const [open] = await tx
        .select()
        .from(alerts)
        .where(and(eq(alerts.kind, kind), isNull(alerts.resolvedAt), ...subjectMatch(subject)))
        .for('update');
      await checkAlertFence(tx, fence, subject.hubId ?? open?.hubId ?? null);
      const now = new Date();
      if (open) {
        const [row] = await tx
          .update(alerts)
          .set({
            severity,
            details,
            courierId: subject.courierId ?? open.courierId,
            hubId: subject.hubId ?? open.hubId,
            updatedAt: now,
          })
          .where(eq(alerts.id, open.id))
          .returning();
        if (open.severity !== severity) {
          await appendEvents(tx, actor, [
            {
              kind: 'alert.updated',
              subjectType: 'alert',
              subjectId: open.id,
              data: { severity, previousSeverity: open.severity },
            },
          ]);
        }
        return toAlertView(row!);
      }
      const [row] = await tx
        .insert(alerts)
        .values({
          kind,
          severity,
          courierId: subject.courierId ?? null,
          stopId: subject.stopId ?? null,
          hubId: subject.hubId ?? null,
          details,
          openedAt: now,
          updatedAt: now,
        })
        .returning();
      await appendEvents(tx, actor, [
        {
          kind: 'alert.opened',
          subjectType: 'alert',
          subjectId: row!.id,
          data: { kind, severity, ...subject },
        },
      ]);
      return toAlertView(row!);
    });
    this.bus.emit('alert:changed', view);
    return view;
  }

  /** The open alert of a kind and subject (matched as `raise` matches it), or null. */
  async openAlertOf(kind: AlertKind, subject: AlertSubject): Promise<AlertView | null> {
    const [row] = await this.orm
      .select()
      .from(alerts)
      .where(and(eq(alerts.kind, kind), isNull(alerts.resolvedAt), ...subjectMatch(subject)));
    return row ? toAlertView(row) : null;
  }

  /** Acknowledges an alert in `scope` (another hub's is `not_found`); again changes nothing. */
  async acknowledge(id: number, userId: number, scope: HubScope = EVERY_HUB): Promise<AlertView> {
    const view = await this.orm.transaction(async (tx) => {
      const [row] = await tx.select().from(alerts).where(eq(alerts.id, id)).for('update');
      if (!row) throw new DomainError('not_found', `alert ${id} does not exist`);
      scope.assert(row.hubId, { type: 'alert', id });
      if (row.acknowledgedAt) return toAlertView(row);
      const [updated] = await tx
        .update(alerts)
        .set({ acknowledgedAt: new Date(), acknowledgedBy: userId, updatedAt: new Date() })
        .where(eq(alerts.id, id))
        .returning();
      await appendEvents(tx, { type: 'user', id: userId }, [
        { kind: 'alert.acknowledged', subjectType: 'alert', subjectId: id },
      ]);
      return toAlertView(updated!);
    });
    this.bus.emit('alert:changed', view);
    return view;
  }

  /**
   * Resolves an open alert; `details`, when given, replace the stored ones (the final picture).
   * With `fenced`, only while this node owns the hub it names.
   */
  async resolve(
    id: number,
    actor: Actor,
    reason: string,
    details?: Record<string, unknown>,
    fenced?: AlertWriteFence,
  ): Promise<AlertView> {
    const view = await this.orm.transaction(async (tx) => {
      if (fenced) await checkAlertFence(tx, fenced.fence, fenced.hubId);
      const now = new Date();
      const [updated] = await tx
        .update(alerts)
        .set(
          details
            ? { resolvedAt: now, updatedAt: now, details }
            : { resolvedAt: now, updatedAt: now },
        )
        .where(and(eq(alerts.id, id), isNull(alerts.resolvedAt)))
        .returning();
      if (!updated) throw new DomainError('not_found', `no open alert ${id}`);
      await appendEvents(tx, actor, [
        { kind: 'alert.resolved', subjectType: 'alert', subjectId: id, data: { reason } },
      ]);
      return toAlertView(updated);
    });
    this.bus.emit('alert:changed', view);
    return view;
  }

  /** The hubs (null: no hub) with open alerts nobody acknowledged within `afterMs` of opening. */
  async overdueHubs(now: number, afterMs: number): Promise<(number | null)[]> {
    const rows = await this.orm
      .selectDistinct({ hubId: alerts.hubId })
      .from(alerts)
      .where(overdue(now, afterMs));
    return rows.map((r) => r.hubId);
  }

  /**
   * Escalates open alerts nobody acknowledged within `afterMs` of opening: stamps `escalatedAt`,
   * logs it and announces it (consoles push escalations to supervisors). With `fenced`, only the
   * alerts of the hub it names, while this node owns it.
   */
  async escalateOverdue(
    now: number,
    afterMs: number,
    fenced?: AlertWriteFence,
  ): Promise<AlertView[]> {
    const views = await this.orm.transaction(async (tx) => {
      if (fenced) await checkAlertFence(tx, fenced.fence, fenced.hubId);
      const ofHub = fenced
        ? fenced.hubId === null
          ? isNull(alerts.hubId)
          : eq(alerts.hubId, fenced.hubId)
        : undefined;
      const rows = await tx
        .update(alerts)
        .set({ escalatedAt: new Date(now), updatedAt: new Date(now) })
        .where(and(overdue(now, afterMs), ofHub))
        .returning();
      await appendEvents(
        tx,
        { type: 'system' },
        rows.map((r) => ({
          kind: 'alert.escalated',
          subjectType: 'alert' as const,
          subjectId: r.id,
          data: { kind: r.kind, severity: r.severity },
        })),
      );
      return rows.map(toAlertView);
    });
    for (const view of views) this.bus.emit('alert:changed', view);
    return views;
  }
}

/** Open alerts nobody acknowledged or escalated, opened more than `afterMs` before `now`. */
function overdue(now: number, afterMs: number) {
  return and(
    isNull(alerts.resolvedAt),
    isNull(alerts.acknowledgedAt),
    isNull(alerts.escalatedAt),
    lte(alerts.openedAt, new Date(now - afterMs)),
  );
}

function ofHubsOrCouriers(hubIds: readonly number[], courierIds: readonly number[]) {
  const hubs = hubIds.length > 0 ? inArray(alerts.hubId, [...hubIds]) : undefined;
  const couriers = courierIds.length > 0 ? inArray(alerts.courierId, [...courierIds]) : undefined;
  return or(hubs, couriers) ?? sql`false`;
}

/**
 * The open alert a raise refers to: a stop's alert by its stop alone (it stays the same alert
 * when the stop moves to another courier), a courier's by its courier (whatever its hub), a
 * hub's by its hub.
 */
function subjectMatch(subject: AlertSubject) {
  if (subject.stopId) return [eq(alerts.stopId, subject.stopId)];
  if (subject.courierId) return [eq(alerts.courierId, subject.courierId), isNull(alerts.stopId)];
  return [
    isNull(alerts.stopId),
    isNull(alerts.courierId),
    sql`coalesce(${alerts.hubId}, 0) = ${subject.hubId ?? 0}`,
  ];
}

export function toAlertView(row: AlertRow): AlertView {
  return {
    id: row.id,
    kind: row.kind as AlertKind,
    severity: row.severity,
    courierId: row.courierId,
    stopId: row.stopId,
    hubId: row.hubId,
    openedAt: row.openedAt.getTime(),
    acknowledgedAt: row.acknowledgedAt?.getTime() ?? null,
    acknowledgedBy: row.acknowledgedBy,
    escalatedAt: row.escalatedAt?.getTime() ?? null,
    resolvedAt: row.resolvedAt?.getTime() ?? null,
    details: row.details as Record<string, unknown>,
  };
}
