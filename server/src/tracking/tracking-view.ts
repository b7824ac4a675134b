import {
  CUSTOMER_LANGUAGES,
  INSTRUCTION_KINDS,
  TRACKING_STOPS_AHEAD,
  etaWindowAround,
  isPickupKind,
  type CustomerLanguage,
  type FailureReason,
  type StopKind,
  type StopStatus,
  type TrackingPhase,
  type TrackingView,
} from '@dispatch/shared';

/**
 * The tracking page's view of one stop, pure: what the customer may know of it and nothing more
 * (never other stops, the route, the courier's full name or phone).
 */

/** The courier shows as arriving once its ETA is this close. */
export const ARRIVING_WITHIN_MS = 10 * 60_000;

/** Reasons after which a parcel goes back to the hub (the re-attempt policy's rule). */
const RETURN_REASONS: readonly FailureReason[] = ['refused', 'damaged'];

/** The stop as the view reads it (instants in epoch ms). */
export interface TrackedStop {
  kind: StopKind;
  status: StopStatus;
  orderRef: string | null;
  address: string;
  lat: number;
  lng: number;
  windowStart: number;
  windowEnd: number;
  eta: number | null;
  outForDeliveryAt: number | null;
  completedAt: number | null;
  collectAtHub: boolean;
  customerLanguage: string | null;
  instructionsKind: string | null;
  instructions: string | null;
  /** The latest failed attempt's reason code. */
  failureCode: FailureReason | null;
  hasHub: boolean;
}

/**
 * The latest of what happened to the stop's attempts and window, from the event log: a failed
 * attempt not yet decided, the policy's decision (`retry_today`, `next_day`, `returning`), or the
 * customer's move (`rescheduled`).
 */
export type LastTurn = 'failed' | 'retry_today' | 'next_day' | 'returning' | 'rescheduled';

/** A courier's live fix: where and when (epoch ms) its phone took it. */
export interface CourierPosition {
  lat: number;
  lng: number;
  at: number;
}

/** What the view needs besides the stop, read around it. */
export interface TrackingContext {
  hub: { name: string; timezone: string } | null;
  /** The stop's courier: its name (only the first word shows) and live position, if known. */
  courier: { name: string; position: CourierPosition | null } | null;
  /** Open stops before this one on its courier's route; null when it is on none. */
  openStopsBefore: number | null;
  /** Who took the parcel, from the latest delivery proof. */
  recipientName: string | null;
  lastTurn: LastTurn | null;
  /** A delivery whose order's pickup (at the shop) is still to be made: the parcel is not here yet. */
  pickupPending: boolean;
}

/** What the refusal rules read besides the stop. */
export type RefusalContext = Pick<
  TrackingContext,
  'openStopsBefore' | 'lastTurn' | 'pickupPending'
>;

type Failure = NonNullable<TrackingView['failure']>;

const OPEN: readonly StopStatus[] = ['unassigned', 'assigned', 'en_route', 'arrived'];
const ON_ROUTE: readonly StopStatus[] = ['assigned', 'en_route', 'arrived'];
const INSTRUCTABLE: readonly StopStatus[] = ['unassigned', 'assigned', 'en_route'];

/** Whether the stop is out with its courier now (set off on the route and still to be visited). */
const isOut = (stop: TrackedStop) =>
  stop.outForDeliveryAt !== null && ON_ROUTE.includes(stop.status);

/** Where the page's timeline stands, and after a failure what happens next. */
export function trackingPhase(
  stop: TrackedStop,
  context: Pick<TrackingContext, 'openStopsBefore' | 'lastTurn'>,
  nowMs: number,
): { phase: TrackingPhase; failure: Failure['next'] | null } {
  const { status } = stop;
  if (status === 'delivered') return { phase: 'delivered', failure: null };
  if (status === 'cancelled') return { phase: 'cancelled', failure: null };
  if (status === 'returning' || status === 'returned') {
    if (stop.collectAtHub) return { phase: 'collect_at_hub', failure: null };
    const came = context.lastTurn === 'returning' ? 'returning' : null;
    return status === 'returning'
      ? { phase: 'failed', failure: 'returning' }
      : { phase: 'returned', failure: came };
  }
  if (status === 'failed') {
    const next = stop.failureCode && RETURN_REASONS.includes(stop.failureCode);
    return { phase: 'failed', failure: next ? 'returning' : 'choose_window' };
  }
  if (isOut(stop)) {
    const arriving =
      status === 'arrived' ||
      context.openStopsBefore === 0 ||
      (stop.eta !== null && stop.eta - nowMs <= ARRIVING_WITHIN_MS);
    return { phase: arriving ? 'arriving' : 'out_for_delivery', failure: null };
  }
  switch (context.lastTurn) {
    case 'failed':
    case 'next_day':
      return { phase: 'failed', failure: 'choose_window' };
    case 'retry_today':
      return { phase: 'failed', failure: 'retry_today' };
    case 'rescheduled':
      return { phase: 'rescheduled', failure: null };
    default:
      return { phase: 'received', failure: null };
  }
}

/**
 * Why the customer may not have the parcel kept at the hub for them, or null when they may: until
 * the courier arrives, and after a failed attempt that waits for a new window; never a pickup, a
 * stop without a hub, a delivery whose parcel is still at the shop, or after the stop ended.
 */
export function collectRefusal(
  stop: TrackedStop,
  context: RefusalContext,
  nowMs: number,
): string | null {
  if (isPickupKind(stop.kind)) return 'a pickup cannot be moved from its tracking page';
  if (!stop.hasHub) return 'this delivery has no hub to move it with';
  if (context.pickupPending) return 'the parcel has not been collected from the shop yet';
  const { phase, failure } = trackingPhase(stop, context, nowMs);
  if (phase === 'failed' && failure === 'choose_window') return null;
  if (stop.status === 'arrived') return 'the courier is already there';
  if (INSTRUCTABLE.includes(stop.status)) return null;
  return `this delivery is ${phase.replaceAll('_', ' ')}`;
}

/**
 * Why the customer may not move this stop to another window, or null when they may: as for
 * collecting it, and only while it is not out for delivery.
 */
export function rescheduleRefusal(
  stop: TrackedStop,
  context: RefusalContext,
  nowMs: number,
): string | null {
  const refusal = collectRefusal(stop, context, nowMs);
  if (refusal) return refusal;
  return isOut(stop) ? 'the parcel is already out for delivery' : null;
}

/** The tracking page's view of a stop at `nowMs`. */
export function trackingView(
  stop: TrackedStop,
  context: TrackingContext,
  nowMs: number,
): TrackingView {
  const { phase, failure } = trackingPhase(stop, context, nowMs);
  const out = isOut(stop);
  const stopsBefore = out ? context.openStopsBefore : null;
  const position = context.courier?.position ?? null;
  const courierShown =
    out && stopsBefore !== null && stopsBefore <= TRACKING_STOPS_AHEAD && position !== null;
  const open = OPEN.includes(stop.status);
  const kind = INSTRUCTION_KINDS.find((k) => k === stop.instructionsKind);
  return {
    phase,
    kind: stop.kind,
    orderRef: stop.orderRef,
    language: languageOf(stop.customerLanguage),
    hub: context.hub ?? { name: '', timezone: 'UTC' },
    address: stop.address,
    window: { start: stop.windowStart, end: stop.windowEnd },
    etaWindow: open && stop.eta !== null ? etaWindowAround(stop.eta, nowMs) : null,
    stopsBefore,
    courier: courierShown
      ? {
          firstName: firstNameOf(context.courier!.name),
          lat: position.lat,
          lng: position.lng,
          at: position.at,
        }
      : null,
    destination: { lat: stop.lat, lng: stop.lng },
    deliveredAt: phase === 'delivered' ? stop.completedAt : null,
    recipientName: phase === 'delivered' ? context.recipientName : null,
    failure: failure === null ? null : { reasonCode: stop.failureCode, next: failure },
    instructions: kind && stop.instructions ? { kind, text: stop.instructions } : null,
    can: {
      instruct: INSTRUCTABLE.includes(stop.status),
      reschedule: rescheduleRefusal(stop, context, nowMs) === null,
      collect: collectRefusal(stop, context, nowMs) === null,
    },
    updatedAt: nowMs,
  };
}

/** The first word of a courier's name: all the page shows of who they are. */
export function firstNameOf(name: string): string {
  return name.trim().split(/\s+/)[0] ?? '';
}

function languageOf(stored: string | null): CustomerLanguage {
  return CUSTOMER_LANGUAGES.find((l) => l === stored) ?? 'en';
}
