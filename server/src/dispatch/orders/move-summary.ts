import { isPickupKind } from '@dispatch/shared';
import { orderLabel, partnerIn, type OrderPair, type PairableStop } from './order-pairs';

/** Stops that went to one courier, in their new order. */
export interface ReceivedStops {
  courierName: string;
  stops: readonly PairableStop[];
  /** Every one of them was on this courier's route already: the route was only re-ordered. */
  reordered: boolean;
}

/** Stops and orders named one by one; more are counted. */
const MAX_NAMED = 3;

/**
 * One plain sentence for a move, e.g. "Moved order #A-17 (pickup and delivery) and #4711 to
 * Ben." or "Re-ordered Ana's route."
 */
export function moveSummary(
  received: readonly ReceivedStops[],
  pairs: ReadonlyMap<number, OrderPair>,
): string {
  const parts = received.map(({ courierName, stops, reordered }) => {
    if (reordered) return `Re-ordered ${courierName}'s route`;
    const ids = new Set(stops.map((s) => s.id));
    const named: string[] = [];
    let orders = 0;
    let singles = 0;
    const told = new Set<number>();
    for (const stop of stops) {
      if (told.has(stop.id)) continue;
      const pair = pairs.get(stop.id);
      if (pair && ids.has(partnerIn(pair, stop).id)) {
        told.add(pair.pickup.id).add(pair.delivery.id);
        orders++;
        named.push(`${orderLabel(pair.orderRef)} (pickup and delivery)`);
      } else {
        told.add(stop.id);
        singles++;
        named.push(stopName(stop));
      }
    }
    if (named.length <= MAX_NAMED) return `Moved ${listOf(named)} to ${courierName}`;
    const counted = [
      orders > 0 ? `${orders} ${orders === 1 ? 'order' : 'orders'} (pickup and delivery)` : '',
      singles > 0 ? `${singles} ${singles === 1 ? 'stop' : 'stops'}` : '',
    ].filter(Boolean);
    return `Moved ${counted.join(' and ')} to ${courierName}`;
  });
  return `${parts.join('; ')}.`;
}

/** "#4711", "pickup #A-17": a stop as the console names it. */
export function stopName(stop: Pick<PairableStop, 'id' | 'kind' | 'orderRef'>): string {
  const ref = `#${stop.orderRef ?? stop.id}`;
  return isPickupKind(stop.kind) ? `pickup ${ref}` : ref;
}

function listOf(items: readonly string[]): string {
  if (items.length <= 1) return items.join('');
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]!}`;
}
