import { isPickupKind, type StopKind } from '@dispatch/shared';
import type { PairableStop } from './order-pairs';

/** What finding a stop's order on a route needs. */
type OrderStop = Pick<PairableStop, 'id' | 'kind' | 'orderRef'>;

/**
 * New stops of one hub split by whether a courier already has the other stop of their shop order on its
 * open route: those go to that courier (`joining[i]` for `routes[i]`), to be planned with it;
 * the rest are `loose`, free to go to anyone.
 */
export function joinHeldOrders<S extends OrderStop>(
  fresh: readonly S[],
  routes: readonly (readonly OrderStop[])[],
): { loose: S[]; joining: S[][] } {
  const holder = new Map<string, number>();
  routes.forEach((route, i) => {
    for (const stop of route) {
      const role = roleOf(stop.kind);
      if (stop.orderRef !== null && role !== null) holder.set(`${stop.orderRef}|${role}`, i);
    }
  });
  const joining: S[][] = routes.map(() => []);
  const loose: S[] = [];
  for (const stop of fresh) {
    const key = stop.orderRef;
    const role = roleOf(stop.kind);
    const other = role === null ? null : role === 'pickup' ? 'delivery' : 'pickup';
    const i = key === null || other === null ? undefined : holder.get(`${key}|${other}`);
    if (i === undefined) loose.push(stop);
    else joining[i]!.push(stop);
  }
  return { loose, joining };
}

/** A stop's part in its order: the pickup (a shop's or a customer return's) or the delivery. */
function roleOf(kind: StopKind): 'pickup' | 'delivery' | null {
  if (isPickupKind(kind)) return 'pickup';
  return kind === 'delivery' ? 'delivery' : null;
}
