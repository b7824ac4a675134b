import { and, desc, eq, inArray, lt, ne } from 'drizzle-orm';
import type { TrackingView } from '@dispatch/shared';
import type { Orm } from '../db/client';
import { couriers, events, hubs, stopProofs, stops } from '../db/schema';
import { linkExpired } from './tracking-links';
import {
  trackingView,
  type CourierPosition,
  type LastTurn,
  type TrackedStop,
  type TrackingContext,
} from './tracking-view';

type Reader = Pick<Orm, 'select'>;
export type StopRow = typeof stops.$inferSelect;

/** A courier's live position, when the fleet has a fix. */
export type PositionOf = (courierId: number) => CourierPosition | null;

/** A stop's view with what the live updates route by. */
export interface TrackedView {
  view: TrackingView;
  courierId: number | null;
  /** The link no longer opens the stop (it ended long enough ago). */
  expired: boolean;
}

/** Events that say what happened to a stop's attempts and window, newest deciding. */
const TURNS: Record<string, LastTurn> = {
  'stop.failed': 'failed',
  'stop.reattempt_planned': 'retry_today',
  'stop.moved_to_next_day': 'next_day',
  'stop.returning': 'returning',
  'stop.rescheduled': 'rescheduled',
};

/** The stop row as the pure view reads it. */
export function trackedStop(row: StopRow): TrackedStop {
  return {
    kind: row.kind,
    status: row.status,
    orderRef: row.orderRef,
    address: row.address,
    lat: row.lat,
    lng: row.lng,
    windowStart: row.windowStart.getTime(),
    windowEnd: row.windowEnd.getTime(),
    eta: row.eta?.getTime() ?? null,
    outForDeliveryAt: row.outForDeliveryAt?.getTime() ?? null,
    completedAt: row.completedAt?.getTime() ?? null,
    collectAtHub: row.collectAtHub,
    customerLanguage: row.customerLanguage,
    instructionsKind: row.instructionsKind,
    instructions: row.instructions,
    failureCode: row.failureCode,
    hasHub: row.hubId !== null,
  };
}

/** The latest turn of the stop's attempts and window in the event log. */
export async function lastTurnOf(orm: Reader, stopId: number): Promise<LastTurn | null> {
  const [last] = await orm
    .select({ kind: events.kind })
    .from(events)
    .where(
      and(
        eq(events.subjectType, 'stop'),
        eq(events.subjectId, stopId),
        inArray(events.kind, Object.keys(TURNS)),
      ),
    )
    .orderBy(desc(events.id))
    .limit(1);
  return last ? TURNS[last.kind]! : null;
}

/** Everything around the stop the view needs: its hub, courier, place on the route, proof. */
export async function trackingContext(
  orm: Reader,
  row: StopRow,
  positionOf: PositionOf,
): Promise<TrackingContext> {
  const [hub] =
    row.hubId === null
      ? []
      : await orm
          .select({ name: hubs.name, timezone: hubs.timezone })
          .from(hubs)
          .where(eq(hubs.id, row.hubId));
  let courier: TrackingContext['courier'] = null;
  let openStopsBefore: number | null = null;
  if (row.courierId !== null) {
    const [named] = await orm
      .select({ name: couriers.name })
      .from(couriers)
      .where(eq(couriers.id, row.courierId));
    courier = named ? { name: named.name, position: positionOf(row.courierId) } : null;
    if (row.sequence !== null) {
      const before = await orm
        .select({ id: stops.id })
        .from(stops)
        .where(
          and(
            eq(stops.courierId, row.courierId),
            inArray(stops.status, ['assigned', 'en_route', 'arrived']),
            lt(stops.sequence, row.sequence),
            ne(stops.id, row.id),
          ),
        );
      openStopsBefore = before.length;
    }
  }
  let recipientName: string | null = null;
  if (row.status === 'delivered') {
    const [proof] = await orm
      .select({ name: stopProofs.recipientName })
      .from(stopProofs)
      .where(and(eq(stopProofs.stopId, row.id), eq(stopProofs.outcome, 'delivered')))
      .orderBy(desc(stopProofs.id))
      .limit(1);
    recipientName = proof?.name ?? null;
  }
  return {
    hub: hub ?? null,
    courier,
    openStopsBefore,
    recipientName,
    lastTurn: await lastTurnOf(orm, row.id),
    pickupPending: await pickupPending(orm, row),
  };
}

/** Whether a delivery's order still has its pickup to make (its parcel is not with us yet). */
export async function pickupPending(orm: Reader, row: StopRow): Promise<boolean> {
  if (row.kind !== 'delivery' || row.orderRef === null || row.hubId === null) return false;
  const [pickup] = await orm
    .select({ id: stops.id })
    .from(stops)
    .where(
      and(
        eq(stops.hubId, row.hubId),
        eq(stops.orderRef, row.orderRef),
        inArray(stops.kind, ['pickup', 'return_pickup']),
        inArray(stops.status, ['unassigned', 'assigned', 'en_route', 'arrived']),
      ),
    )
    .limit(1);
  return pickup !== undefined;
}

/** The tracking page's view of a stop now; null when the stop does not exist. */
export async function readTrackedView(
  orm: Reader,
  stopId: number,
  positionOf: PositionOf,
  nowMs: number,
): Promise<TrackedView | null> {
  const [row] = await orm.select().from(stops).where(eq(stops.id, stopId));
  if (!row) return null;
  const context = await trackingContext(orm, row, positionOf);
  return {
    view: trackingView(trackedStop(row), context, nowMs),
    courierId: row.courierId,
    expired: linkExpired(row, nowMs),
  };
}
