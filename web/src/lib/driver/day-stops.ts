import {
  OPEN_STOP_STATUSES,
  type RoutePayload,
  type RouteStop,
  type StopStatus,
  type WireError,
} from '@dispatch/shared';
import type { VisitEvent } from './outbox-plan';

/**
 * The courier's day as the phone shows it: the server's route, with what the courier recorded
 * here laid over it until the server has taken it (a delivery made offline shows as delivered,
 * "waiting to send"), then the parcels to bring back to the hub, and the stops finished today
 * below.
 */

/** A visit the courier recorded on this phone, and how far it got. */
export interface LocalVisit {
  stopId: number;
  event: VisitEvent;
  actionId: string;
  /** Device time it was recorded, epoch ms. */
  at: number;
  /** `waiting`: in the outbox; `sent`: the server took it; `refused`: the server said no. */
  state: 'waiting' | 'sent' | 'refused';
  /** Why the server refused it. */
  error?: WireError;
  /** The route's version when the server took it; a later route is the server's word again. */
  ackedRouteVersion?: number;
  /** The stop as it was, to list it once it has left the route. */
  stop: RouteStop;
}

export interface DayStop {
  stop: RouteStop;
  status: StopStatus;
  /** Recorded here, not yet taken by the server. */
  waiting: boolean;
  /** Why the server refused what was recorded here. */
  refusal: WireError | null;
}

const STATUS_AFTER: Record<VisitEvent, StopStatus> = {
  'stop:en_route': 'en_route',
  'stop:arrived': 'arrived',
  'stop:delivered': 'delivered',
  'stop:failed': 'failed',
  'stop:returned': 'returned',
};

/** Events that finish a stop for the courier: it leaves the route once the server has them. */
export const isCompletion = (event: VisitEvent) =>
  event === 'stop:delivered' || event === 'stop:failed' || event === 'stop:returned';

const refusalOf = (visit: LocalVisit): WireError =>
  visit.error ?? { code: 'invalid', message: 'refused' };

export const isOpen = (status: StopStatus) => OPEN_STOP_STATUSES.includes(status);

/** Whether a visit recorded here still decides how its stop looks. */
function overrides(visit: LocalVisit, stop: RouteStop, route: RoutePayload | null): boolean {
  // A parcel going back follows the failed attempt recorded here, whichever reached the phone
  // first (the route or the attempt's ack); only a check-in recorded here is newer.
  if (stop.status === 'returning' && visit.event !== 'stop:returned') return false;
  if (visit.state === 'waiting') return true;
  if (visit.state === 'refused') return false;
  // Taken by the server: the phone's word until a newer route says otherwise (a re-attempt).
  return route === null || visit.ackedRouteVersion === undefined
    ? true
    : route.version <= visit.ackedRouteVersion;
}

/** The courier's day in three lists. */
export interface Day {
  /** Stops still to do, in route order. */
  open: DayStop[];
  /** Parcels to bring back and hand in at the hub (`returning`), in route order. */
  back: DayStop[];
  /** Stops finished today, latest first. */
  done: DayStop[];
}

export function dayStops(route: RoutePayload | null, visits: ReadonlyMap<number, LocalVisit>): Day {
  const open: DayStop[] = [];
  const back: DayStop[] = [];
  const done: DayStop[] = [];
  const onRoute = new Set<number>();
  for (const stop of [...(route?.stops ?? [])].sort((a, b) => a.seq - b.seq)) {
    onRoute.add(stop.id);
    const visit = visits.get(stop.id);
    const local = visit && overrides(visit, stop, route) ? visit : null;
    const item: DayStop = {
      stop,
      status: local ? STATUS_AFTER[local.event] : stop.status,
      waiting: local?.state === 'waiting',
      refusal: visit?.state === 'refused' ? refusalOf(visit) : null,
    };
    (isOpen(item.status) ? open : item.status === 'returning' ? back : done).push(item);
  }
  const gone = [...visits.values()]
    .filter((v) => !onRoute.has(v.stopId) && (isCompletion(v.event) || v.state === 'refused'))
    .sort((a, b) => b.at - a.at);
  for (const visit of gone) {
    const refused = visit.state === 'refused';
    done.push({
      stop: visit.stop,
      status: refused ? visit.stop.status : STATUS_AFTER[visit.event],
      waiting: visit.state === 'waiting',
      refusal: refused ? refusalOf(visit) : null,
    });
  }
  return { open, back, done };
}

/** Which parcel a returning stop brings back: its order reference and customer, as known. */
export function parcelLabel(stop: Pick<RouteStop, 'orderRef' | 'customerName'>): string {
  return [stop.orderRef, stop.customerName].filter((part) => !!part).join(' · ');
}

/** A change to the route worth telling the courier about. */
export interface RouteNotice {
  /** `instructions`: the customer left new ones for a stop still to do. */
  kind: 'added' | 'removed' | 'instructions';
  stopId: number;
  /** The order reference, else the address. */
  label: string;
}

/**
 * Stops a new route added or took away, compared with the one the phone had. Stops the courier
 * finished here leave the route as a matter of course and are not announced, nor does a parcel
 * the courier failed to deliver here come back onto it to go to the hub; neither is anything on
 * the first route the phone sees.
 */
export function routeNotices(
  before: RoutePayload | null,
  after: RoutePayload,
  finishedHere: ReadonlySet<number>,
): RouteNotice[] {
  if (!before || before.courierId !== after.courierId) return [];
  const label = (s: RouteStop) => s.orderRef ?? s.address;
  const had = new Map(before.stops.map((s) => [s.id, s]));
  const has = new Map(after.stops.map((s) => [s.id, s]));
  const notices: RouteNotice[] = [];
  for (const stop of after.stops) {
    const goingBack = stop.status === 'returning' && finishedHere.has(stop.id);
    const was = had.get(stop.id);
    if (!was && !goingBack) notices.push({ kind: 'added', stopId: stop.id, label: label(stop) });
    else if (was && stop.instructions && !sameInstructions(was.instructions, stop.instructions))
      notices.push({ kind: 'instructions', stopId: stop.id, label: label(stop) });
  }
  for (const stop of before.stops) {
    if (!has.has(stop.id) && !finishedHere.has(stop.id))
      notices.push({ kind: 'removed', stopId: stop.id, label: label(stop) });
  }
  return notices;
}

function sameInstructions(a: RouteStop['instructions'], b: RouteStop['instructions']): boolean {
  return (a?.kind ?? null) === (b?.kind ?? null) && (a?.text ?? null) === (b?.text ?? null);
}

/** Stops finished on this phone that the server has not refused. */
export function finishedHere(visits: ReadonlyMap<number, LocalVisit>): Set<number> {
  const ids = new Set<number>();
  for (const v of visits.values())
    if (isCompletion(v.event) && v.state !== 'refused') ids.add(v.stopId);
  return ids;
}
