import { isPickupKind } from '@dispatch/shared';
import { isPickupThenDelivery, pairState, pairsById, pickupsFirst } from '../orders';
import type { LiveModel, LiveStop } from './model';

/**
 * How a stop may move, as part of its shop order:
 * - `single`: on its own (no order with a pickup, or the other side is finished or cancelled);
 * - `pair`: with the other stop of its order, the pickup first;
 * - `carried`: a delivery whose parcel its courier holds (or is collecting): only that courier;
 * - `stuck`: its order's other stop cannot move with it now (being served, or on another route).
 */
export type StopOrder =
  | { kind: 'single' }
  | { kind: 'pair'; pickup: LiveStop; delivery: LiveStop }
  | { kind: 'carried'; holderId: number | null }
  | { kind: 'stuck' };

/** Statuses a stop of an open order can leave its place in. */
const PAIR_MOVABLE = new Set(['unassigned', 'assigned', 'en_route', 'failed']);

export function orderOf(stop: LiveStop, model: Pick<LiveModel, 'partnerOf'>): StopOrder {
  const partner = model.partnerOf?.(stop);
  if (!partner) return { kind: 'single' };
  const [pickup, delivery] = isPickupKind(stop.kind) ? [stop, partner] : [partner, stop];
  const state = pairState({ orderRef: stop.orderRef ?? '', pickup, delivery });
  if (state === 'closed') return { kind: 'single' };
  if (state === 'carried')
    return stop.id === delivery.id
      ? { kind: 'carried', holderId: pickup.courierId }
      : { kind: 'single' };
  const together =
    PAIR_MOVABLE.has(partner.status) &&
    (partner.courierId === null || partner.courierId === stop.courierId);
  return together ? { kind: 'pair', pickup, delivery } : { kind: 'stuck' };
}

/** Whether the stops to insert are one shop order's pickup then its delivery. */
export function isOrderPair(moving: readonly LiveStop[]): boolean {
  return moving.length === 2 && isPickupThenDelivery(moving[0]!, moving[1]!);
}

/**
 * The stops of `stops` that may leave their courier as whole orders, each pickup before its
 * delivery: a delivery whose parcel is held, or whose order's other stop is not among `stops`,
 * stays.
 */
export function movableAsOrders(
  stops: readonly LiveStop[],
  model: Pick<LiveModel, 'partnerOf'>,
): LiveStop[] {
  const ids = new Set(stops.map((s) => s.id));
  const kept = stops.filter((stop) => {
    const order = orderOf(stop, model);
    if (order.kind === 'single') return true;
    return order.kind === 'pair' && ids.has(order.pickup.id) && ids.has(order.delivery.id);
  });
  return pickupsFirst(kept, pairsById(kept));
}

/** Stops grouped as they must move: a shop order's pickup and delivery together, the rest alone. */
export function orderUnits(stops: readonly LiveStop[]): LiveStop[][] {
  const pairs = pairsById(stops);
  const units: LiveStop[][] = [];
  const grouped = new Set<number>();
  for (const stop of stops) {
    if (grouped.has(stop.id)) continue;
    const pair = pairs.get(stop.id);
    if (pair && pairState(pair) === 'open') {
      units.push([pair.pickup, pair.delivery]);
      grouped.add(pair.pickup.id).add(pair.delivery.id);
    } else {
      units.push([stop]);
      grouped.add(stop.id);
    }
  }
  return units;
}
