import { and, eq, inArray } from 'drizzle-orm';
import { DomainError, PICKUP_KINDS, isPickupKind } from '@dispatch/shared';
import { couriers, stops } from '../db/schema';
import {
  expandToOrders,
  pairsById,
  refusalMessage,
  type OrderMove,
  type OrderPair,
  type PairableStop,
} from './orders';
import type { Orm } from '../db/client';

/** The reads of a move's transaction. */
type TxReads = Pick<Parameters<Parameters<Orm['transaction']>[0]>[0], 'select'>;

/** Moves made whole, the orders they touch and the stops that came along. */
export interface WholeOrderMoves<M extends OrderMove> {
  moves: M[];
  /** Orders with a stop among the moved ones, by the id of each of their two stops. */
  pairs: Map<number, OrderPair>;
  /** Stops not asked for that move because the other stop of their order does. */
  broughtAlong: number[];
}

/**
 * Reads the stops asked for and the other stops of their shop orders (order references never
 * change, so this needs no lock) and expands the moves to whole orders; a delivery whose parcel
 * its courier already holds, asked to go to someone else, is refused with `invalid`.
 */
export async function wholeOrderMoves<M extends OrderMove>(
  tx: TxReads,
  moves: readonly M[],
): Promise<WholeOrderMoves<M>> {
  const askedIds = [...new Set(moves.flatMap((m) => m.stopIds))];
  const columns = {
    id: stops.id,
    kind: stops.kind,
    orderRef: stops.orderRef,
    hubId: stops.hubId,
    status: stops.status,
    courierId: stops.courierId,
  };
  const asked: PairableStop[] = await tx
    .select(columns)
    .from(stops)
    .where(inArray(stops.id, askedIds));
  const refs = [
    ...new Set(
      asked.flatMap((s) =>
        s.orderRef !== null && (isPickupKind(s.kind) || s.kind === 'delivery') ? [s.orderRef] : [],
      ),
    ),
  ];
  const related: PairableStop[] =
    refs.length === 0
      ? []
      : await tx
          .select(columns)
          .from(stops)
          .where(
            and(inArray(stops.orderRef, refs), inArray(stops.kind, [...PICKUP_KINDS, 'delivery'])),
          );
  const known = new Map([...related, ...asked].map((s) => [s.id, s]));
  const pairs = new Map(
    [...pairsById(known.values())].filter(
      ([, pair]) => askedIds.includes(pair.pickup.id) || askedIds.includes(pair.delivery.id),
    ),
  );
  const expansion = expandToOrders(moves, pairs);
  if (!expansion.ok) {
    const holderId = expansion.refusal.holderCourierId;
    const [holder] =
      holderId === null
        ? []
        : await tx.select({ name: couriers.name }).from(couriers).where(eq(couriers.id, holderId));
    throw new DomainError(
      'invalid',
      refusalMessage(expansion.refusal, () => holder?.name ?? 'its courier'),
    );
  }
  return { moves: expansion.moves, pairs, broughtAlong: expansion.broughtAlong };
}
