import { eq } from 'drizzle-orm';
import { isPickupKind } from '@dispatch/shared';
import { checkTransition, transition, type LifecycleActor } from '../stops/stop-lifecycle';
import type { StopRow } from '../stops/stop-service';
import { stops } from '../db/schema';
import type { EventInput } from '../events/event-log';
import { nextDayWindow, type AttemptDecision } from './attempt-decision';
import { bumpRoute, lastSequence, type Tx } from './route-versions';

/** What applying a decision changed, for the caller to log and announce after the commit. */
export interface AppliedOutcome {
  changed: StopRow[];
  /** Couriers whose routes changed. */
  couriers: number[];
  events: EventInput[];
}

/** The event each decision is logged as on its stop. */
export const DECISION_EVENTS = {
  retry_today: 'stop.reattempt_planned',
  next_day: 'stop.moved_to_next_day',
  return: 'stop.returning',
  /** A pickup out of attempts: there is no parcel to bring back, so it stays failed. */
  ended: 'stop.attempts_ended',
} as const;

export interface FailureContext {
  stop: StopRow;
  /** The other stop of the failed pickup's order, when it has one. */
  partner: StopRow | null;
  decision: AttemptDecision;
  /** What the decision was made from, kept in the event. */
  basis: Record<string, unknown>;
  timeZone: string;
  nowMs: number;
}

/**
 * Applies a decision inside the caller's transaction.
 * - `retry_today`, `next_day`: the stop leaves its courier's route unassigned (the window moved a
 *   day for `next_day`), its attempt's times cleared for the next one; a failed pickup takes its
 *   order's other stop along when that is still on a route or unassigned.
 * - `return`: a delivery's parcel goes back to the hub as the last leg of the same courier's
 *   route (`returning`); a pickup has no parcel to bring back: it stays failed and its order's
 *   other stop is cancelled.
 */
export async function applyDecision(tx: Tx, ctx: FailureContext): Promise<AppliedOutcome> {
  const { stop, partner, decision } = ctx;
  const out: AppliedOutcome = { changed: [], couriers: [], events: [] };
  const routeChanged = async (courierId: number | null, reason: string, stopId: number) => {
    if (courierId === null || out.couriers.includes(courierId)) return;
    out.couriers.push(courierId);
    out.events.push(await bumpRoute(tx, courierId, reason, stopId));
  };

  if (decision.action === 'return') {
    if (!isPickupKind(stop.kind)) {
      out.changed.push(await returnToHub(tx, stop, 'system'));
      out.events.push(event(stop, DECISION_EVENTS.return, ctx.basis));
      await routeChanged(stop.courierId, 'return to hub', stop.id);
      return out;
    }
    out.events.push(event(stop, DECISION_EVENTS.ended, ctx.basis));
    if (partner && checkTransition(partner.status, 'cancelled', 'system') === 'ok') {
      out.changed.push(await update(tx, partner.id, { status: 'cancelled' }));
      out.events.push({
        kind: 'stop.cancelled',
        subjectType: 'stop',
        subjectId: partner.id,
        data: { from: partner.status, courierId: partner.courierId, pickupFailed: stop.id },
      });
      await routeChanged(partner.courierId, 'pickup failed', partner.id);
    }
    return out;
  }

  const kind = DECISION_EVENTS[decision.action];
  const moved = [stop, ...(partner && movesAlong(partner) ? [partner] : [])];
  for (const s of moved) {
    const window =
      decision.action === 'next_day'
        ? s === stop
          ? { windowStart: decision.windowStart, windowEnd: decision.windowEnd }
          : nextDayWindow(times(s), ctx.timeZone, ctx.nowMs)
        : null;
    const status =
      s.status === 'unassigned' ? s.status : transition(s.status, 'unassigned', 'system');
    out.changed.push(
      await update(tx, s.id, {
        status,
        courierId: null,
        sequence: null,
        routeVersion: null,
        eta: null,
        ...(s === stop
          ? { arrivedAt: null, completedAt: null, completionDistanceMeters: null }
          : {}),
        ...(window
          ? { windowStart: new Date(window.windowStart), windowEnd: new Date(window.windowEnd) }
          : {}),
      }),
    );
    const data: Record<string, unknown> =
      s === stop ? { ...ctx.basis } : { from: s.status, withOrderOf: stop.id };
    if (window) {
      data.before = { windowStart: s.windowStart.getTime(), windowEnd: s.windowEnd.getTime() };
      data.after = window;
    }
    out.events.push(event(s, kind, data));
    await routeChanged(
      s.courierId,
      decision.action === 'next_day' ? 'moved to next day' : 're-attempt',
      s.id,
    );
  }
  return out;
}

/**
 * A delivery's parcel going back to the hub as the last leg of its courier's route (`returning`,
 * no ETA): after a failed attempt, or when the customer chose to collect it there (`extra` sets
 * what that changes besides).
 */
export async function returnToHub(
  tx: Tx,
  stop: StopRow,
  by: LifecycleActor,
  extra: Partial<typeof stops.$inferInsert> = {},
): Promise<StopRow> {
  const status = transition(stop.status, 'returning', by);
  const sequence = stop.courierId === null ? null : await lastSequence(tx, stop.courierId);
  return update(tx, stop.id, { status, sequence, eta: null, ...extra });
}

/** The other stop of a failed pickup's order moves with it while it is not under way. */
const movesAlong = (s: StopRow) => s.status === 'assigned' || s.status === 'unassigned';

const times = (s: StopRow) => ({
  windowStart: s.windowStart.getTime(),
  windowEnd: s.windowEnd.getTime(),
});

function event(stop: StopRow, kind: string, data: Record<string, unknown>): EventInput {
  return { kind, subjectType: 'stop', subjectId: stop.id, data };
}

async function update(
  tx: Tx,
  id: number,
  patch: Partial<typeof stops.$inferInsert>,
): Promise<StopRow> {
  const [row] = await tx
    .update(stops)
    .set({ ...patch, updatedAt: new Date() })
    .where(eq(stops.id, id))
    .returning();
  return row!;
}
