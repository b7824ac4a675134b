import { DomainError, type StopStatus } from '@dispatch/shared';
import type { Actor } from '../events/event-log';

/** Who asks for a stop's status to change; `customer`: from the stop's tracking page. */
export type LifecycleActor = 'courier' | 'dispatcher' | 'system' | 'customer';

const DISPATCH: readonly LifecycleActor[] = ['dispatcher', 'system'];
const DEVICE: readonly LifecycleActor[] = ['courier'];
const DEVICE_OR_DISPATCHER: readonly LifecycleActor[] = ['courier', 'dispatcher'];
const CANCEL: readonly LifecycleActor[] = ['dispatcher'];
/** The hub's re-attempt policy (`attempts/`) and a customer return reaching the hub. */
const SYSTEM: readonly LifecycleActor[] = ['system'];
const ANYONE: readonly LifecycleActor[] = ['courier', 'dispatcher', 'system', 'customer'];
/**
 * The customer moves the window (the stop leaves its route) or collects the parcel at the hub
 * instead: back with its courier when it is out, else kept there (`tracking/`).
 */
const CUSTOMER: readonly LifecycleActor[] = ['customer'];
const DISPATCH_OR_CUSTOMER: readonly LifecycleActor[] = ['dispatcher', 'system', 'customer'];
const SYSTEM_OR_CUSTOMER: readonly LifecycleActor[] = ['system', 'customer'];

/**
 * Every legal status change and who may make it. A courier may report a delivery or a failed
 * attempt without reporting its arrival first (the completion implies it), and the way to the
 * stop is optional; everything else moves one step at a time.
 */
export const STOP_TRANSITIONS: Readonly<
  Record<StopStatus, Partial<Record<StopStatus, readonly LifecycleActor[]>>>
> = {
  // The system cancels the other stop of an order whose pickup will not be tried again.
  unassigned: { assigned: DISPATCH, cancelled: DISPATCH, returned: CUSTOMER },
  assigned: {
    unassigned: DISPATCH_OR_CUSTOMER,
    returning: CUSTOMER,
    returned: CUSTOMER,
    en_route: DEVICE,
    arrived: DEVICE,
    delivered: DEVICE,
    failed: DEVICE,
    cancelled: DISPATCH,
  },
  en_route: {
    arrived: DEVICE,
    delivered: DEVICE,
    failed: DEVICE,
    cancelled: CANCEL,
    returning: CUSTOMER,
  },
  arrived: { delivered: DEVICE, failed: DEVICE, cancelled: CANCEL },
  // A failed attempt goes back on a route for another try (today or, moved a day, tomorrow:
  // unassigned for planning), or the parcel goes back to the hub.
  failed: { assigned: DISPATCH, unassigned: SYSTEM_OR_CUSTOMER, returning: ANYONE },
  returning: { returned: DEVICE_OR_DISPATCHER },
  // A customer return's parcel, picked up, is returned once dropped off at its hub.
  delivered: { returned: SYSTEM },
  cancelled: {},
  returned: {},
};

/** Whether `actor` may move a stop from `from` to `to`, and if not why. */
export function checkTransition(
  from: StopStatus,
  to: StopStatus,
  actor: LifecycleActor,
): 'ok' | 'illegal' | 'not_allowed' {
  const allowed = STOP_TRANSITIONS[from][to];
  if (!allowed) return 'illegal';
  return allowed.includes(actor) ? 'ok' : 'not_allowed';
}

/**
 * The status a stop moves to, or a `conflict` (an illegal change) or `forbidden` (a legal change
 * this actor may not make) naming the stop's current status, in the message and as the
 * `status` detail, so the caller can refresh instead of guessing.
 */
export function transition(from: StopStatus, to: StopStatus, actor: LifecycleActor): StopStatus {
  const verdict = checkTransition(from, to, actor);
  if (verdict === 'ok') return to;
  const details = [{ path: 'status', message: from }];
  if (verdict === 'illegal')
    throw new DomainError('conflict', `the stop is ${from}; it cannot become ${to}`, details);
  throw new DomainError('forbidden', `a ${actor} cannot make a ${from} stop ${to}`, details);
}

/** The lifecycle's actor for a change recorded in the event log: a console user dispatches. */
export function lifecycleActor(actor: Actor): LifecycleActor {
  if (actor.type === 'user') return 'dispatcher';
  // A shop's API key creates orders' stops; it changes no stop's status.
  if (actor.type === 'api_key')
    throw new DomainError('forbidden', "a shop's API key cannot change a stop's status");
  if (actor.type === 'anonymous')
    throw new DomainError('unauthorized', "sign in to change a stop's status");
  return actor.type;
}

/**
 * The status a stop has once placed on a route: a stop moving between routes keeps how far it
 * got, an unassigned or failed one becomes assigned (a new attempt), anything else is refused.
 */
export function statusOnRoute(from: StopStatus, actor: LifecycleActor): StopStatus {
  if (from === 'assigned' || from === 'en_route') return from;
  return transition(from, 'assigned', actor);
}
