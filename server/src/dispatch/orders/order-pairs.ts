import { isPickupKind, type StopKind, type StopStatus } from '@dispatch/shared';

/**
 * A shop order is a pickup and a delivery sharing an order reference (within a hub). The parcel
 * is collected first and dropped off after, by the same courier: the two stops move together or
 * not at all, and on one route the pickup comes first.
 */

/** A stop as pairing needs it (a stored row and the suggestion engine's stop both fit). */
export interface PairableStop {
  id: number;
  kind: StopKind;
  orderRef: string | null;
  /** Order references are unique per hub; stops without one pair by reference alone. */
  hubId?: number | null | undefined;
  status: StopStatus;
  courierId: number | null;
}

/** One shop order's pickup and delivery. */
export interface OrderPair<S extends PairableStop = PairableStop> {
  orderRef: string;
  pickup: S;
  delivery: S;
}

/**
 * - `open`: both still to be done; they move together, pickup first.
 * - `carried`: the pickup is done or being done (the parcel is, or is about to be, in the
 *   courier's vehicle): the delivery stays with that courier.
 * - `closed`: one side is finished or cancelled; the other moves on its own.
 */
export type PairState = 'open' | 'carried' | 'closed';

const FINISHED: readonly StopStatus[] = ['delivered', 'cancelled', 'returned'];

export function pairState(pair: OrderPair): PairState {
  const { pickup, delivery } = pair;
  if (FINISHED.includes(delivery.status)) return 'closed';
  if (pickup.status === 'cancelled' || pickup.status === 'returned') return 'closed';
  if (pickup.status === 'delivered' || pickup.status === 'arrived') return 'carried';
  return 'open';
}

/** The key two stops of one order share. */
export function orderKey(stop: Pick<PairableStop, 'hubId' | 'orderRef'>): string | null {
  return stop.orderRef === null ? null : `${stop.hubId ?? ''}|${stop.orderRef}`;
}

/** The orders among `stops` that have both a pickup and a delivery, by the id of each of the two. */
export function pairsById<S extends PairableStop>(stops: Iterable<S>): Map<number, OrderPair<S>> {
  const halves = new Map<string, { pickup?: S; delivery?: S }>();
  for (const stop of stops) {
    const key = orderKey(stop);
    if (key === null || (!isPickupKind(stop.kind) && stop.kind !== 'delivery')) continue;
    const half = halves.get(key) ?? {};
    half[stop.kind === 'delivery' ? 'delivery' : 'pickup'] = stop;
    halves.set(key, half);
  }
  const byId = new Map<number, OrderPair<S>>();
  for (const { pickup, delivery } of halves.values()) {
    if (!pickup || !delivery) continue;
    const pair = { orderRef: pickup.orderRef!, pickup, delivery };
    byId.set(pickup.id, pair);
    byId.set(delivery.id, pair);
  }
  return byId;
}

/** The other stop of `stop`'s order. */
export function partnerIn<S extends PairableStop>(pair: OrderPair<S>, stop: { id: number }): S {
  return pair.pickup.id === stop.id ? pair.delivery : pair.pickup;
}

/** Whether `first, second` are one order's pickup then its delivery. */
export function isPickupThenDelivery(first: PairableStop, second: PairableStop): boolean {
  return (
    isPickupKind(first.kind) &&
    second.kind === 'delivery' &&
    first.orderRef !== null &&
    orderKey(first) === orderKey(second)
  );
}

/** Stops going to one courier, at a 1-based position (appended when absent). */
export interface OrderMove {
  stopIds: number[];
  toCourierId: number;
  position?: number | undefined;
}

/** A delivery asked to leave the courier that holds (or is collecting) its parcel. */
export interface CarriedRefusal {
  orderRef: string;
  /** The courier that picked the parcel up, or is at the pickup now. */
  holderCourierId: number | null;
  /** `delivered` (picked up) or `arrived` (being picked up). */
  pickupStatus: StopStatus;
}

export type Expansion<M extends OrderMove> =
  { ok: true; moves: M[]; broughtAlong: number[] } | { ok: false; refusal: CarriedRefusal };

/**
 * Moves expanded to whole orders. A stop of an open order whose other stop is not moved too
 * brings it along: the pickup, then the delivery right after it, at the place the stop was
 * asked for (back to back, as planning drives a shop order). A delivery whose parcel its courier
 * already holds may only stay with that courier (re-ordered there); anything else is refused.
 * Orders whose two stops are both moved are left as given: `precedenceBreaks` checks them.
 */
export function expandToOrders<M extends OrderMove>(
  moves: readonly M[],
  pairs: ReadonlyMap<number, OrderPair>,
): Expansion<M> {
  const asked = new Set(moves.flatMap((m) => m.stopIds));
  const placed = new Set<number>();
  const broughtAlong: number[] = [];
  const expanded: M[] = [];
  for (const move of moves) {
    const stopIds: number[] = [];
    for (const id of move.stopIds) {
      if (placed.has(id)) continue;
      const pair = pairs.get(id);
      const state = pair ? pairState(pair) : 'closed';
      if (pair && state === 'carried' && id === pair.delivery.id) {
        const holder = pair.pickup.courierId;
        if (holder !== move.toCourierId) {
          return {
            ok: false,
            refusal: {
              orderRef: pair.orderRef,
              holderCourierId: holder,
              pickupStatus: pair.pickup.status,
            },
          };
        }
      }
      if (pair && state === 'open' && !asked.has(partnerIn(pair, { id }).id)) {
        stopIds.push(pair.pickup.id, pair.delivery.id);
        placed.add(pair.pickup.id).add(pair.delivery.id);
        broughtAlong.push(partnerIn(pair, { id }).id);
        continue;
      }
      stopIds.push(id);
      placed.add(id);
    }
    expanded.push({ ...move, stopIds });
  }
  return { ok: true, moves: expanded, broughtAlong };
}

/** An open order that a set of routes would split or serve delivery-first. */
export interface PrecedenceBreak {
  orderRef: string;
  /** `split`: pickup and delivery on different routes (or one on none); `reversed`: delivery first. */
  reason: 'split' | 'reversed';
}

/**
 * Orders among `pairs` that the routes (stop ids in visiting order, by courier) break: an open
 * order split or delivery-first, or a delivery put before the pickup its courier is at now.
 * Orders with neither stop on any of the routes are not judged.
 */
export function precedenceBreaks(
  routes: ReadonlyMap<number, readonly number[]>,
  pairs: Iterable<OrderPair>,
): PrecedenceBreak[] {
  const where = new Map<number, { courierId: number; index: number }>();
  for (const [courierId, order] of routes)
    order.forEach((id, index) => where.set(id, { courierId, index }));
  const breaks: PrecedenceBreak[] = [];
  const judged = new Set<OrderPair>();
  for (const pair of pairs) {
    const state = pairState(pair);
    if (judged.has(pair) || state === 'closed') continue;
    judged.add(pair);
    const pickup = where.get(pair.pickup.id);
    const delivery = where.get(pair.delivery.id);
    if (!pickup && !delivery) continue;
    // A picked-up parcel's pickup is on no route any more: only its order with an arrived one counts.
    if (state === 'carried' && (!pickup || !delivery)) continue;
    if (!pickup || !delivery || pickup.courierId !== delivery.courierId)
      breaks.push({ orderRef: pair.orderRef, reason: 'split' });
    else if (pickup.index > delivery.index)
      breaks.push({ orderRef: pair.orderRef, reason: 'reversed' });
  }
  return breaks;
}

/** Stops in route order with each open order's delivery moved to just after its pickup if it came first. */
export function pickupsFirst<S extends PairableStop>(
  stops: readonly S[],
  pairs: ReadonlyMap<number, OrderPair>,
): S[] {
  const ordered: S[] = [];
  const waiting = new Map<number, S>();
  const seen = new Set<number>();
  for (const stop of stops) {
    const pair = pairs.get(stop.id);
    const open = pair !== undefined && pairState(pair) === 'open';
    if (open && stop.id === pair.delivery.id && !seen.has(pair.pickup.id)) {
      if (stops.some((s) => s.id === pair.pickup.id)) {
        waiting.set(pair.pickup.id, stop);
        continue;
      }
    }
    ordered.push(stop);
    seen.add(stop.id);
    const held = waiting.get(stop.id);
    if (held) {
      ordered.push(held);
      seen.add(held.id);
    }
  }
  return ordered;
}

/** "order #A-17", how people name a shop order. */
export function orderLabel(orderRef: string): string {
  return `order #${orderRef}`;
}

/** What a refused move of a held parcel's delivery says, e.g. "Order #A-17 was already picked up by Ana; …". */
export function refusalMessage(
  refusal: CarriedRefusal,
  nameOf: (courierId: number) => string,
): string {
  const holder = refusal.holderCourierId === null ? 'its courier' : nameOf(refusal.holderCourierId);
  const order = `Order #${refusal.orderRef}`;
  return refusal.pickupStatus === 'arrived'
    ? `${holder} is at the pickup of ${orderLabel(refusal.orderRef)} now, so its delivery stays with ${holder}`
    : `${order} was already picked up by ${holder}, so its delivery stays with ${holder}`;
}

/** What a move that would split an order or put its delivery first says. */
export function precedenceMessage(broken: PrecedenceBreak): string {
  const order = `Order #${broken.orderRef}`;
  return broken.reason === 'split'
    ? `${order} must stay with one courier: its pickup and its delivery go together`
    : `${order} must be picked up before it is delivered: the pickup goes first`;
}
