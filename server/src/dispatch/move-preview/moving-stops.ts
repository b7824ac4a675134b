import { expandToOrders, pairsById, refusalMessage } from '../orders';
import type { LiveStop } from '../suggest';

/** The stops a move takes, in the order they go onto the receiving route, or why it cannot. */
export type MovingStops = { ok: true; stops: LiveStop[] } | { ok: false; message: string };

/**
 * The stops asked for, each with the other stop of its shop order when that one is still to be
 * done (`pool` holds the open stops the other may be among): a pickup and its delivery move
 * together, pickup first, as the reassignment moves them. A delivery whose parcel its courier
 * already holds cannot go to another courier.
 */
export function movingStops(
  asked: readonly LiveStop[],
  pool: Iterable<LiveStop>,
  toCourierId: number,
  nameOf: (courierId: number) => string,
): MovingStops {
  const refs = new Set(asked.flatMap((s) => (s.orderRef === null ? [] : [s.orderRef])));
  const byId = new Map(asked.map((s) => [s.id, s]));
  if (refs.size > 0) {
    for (const stop of pool) {
      if (stop.orderRef !== null && refs.has(stop.orderRef) && !byId.has(stop.id))
        byId.set(stop.id, stop);
    }
  }
  const expansion = expandToOrders(
    [{ stopIds: asked.map((s) => s.id), toCourierId }],
    pairsById(byId.values()),
  );
  if (!expansion.ok) return { ok: false, message: refusalMessage(expansion.refusal, nameOf) };
  const ids = expansion.moves.flatMap((m) => m.stopIds);
  return { ok: true, stops: ids.map((id) => byId.get(id)!) };
}
