import type { Hold } from './holds';

/** A stretch of a courier's shift it can work: the whole shift, or the part between two holds. */
export interface ShiftPart {
  courierId: number;
  /** Epoch ms. */
  fromMs: number;
  toMs: number;
  /** 0 for the part that starts the shift, then 1, 2, … after each hold. */
  index: number;
}

/**
 * Each courier's shift cut around its holds, in time order per courier: the routing core has
 * no "unavailable from … to …", so a held courier is planned as one vehicle per part, each
 * leaving when the hold before it ends. Parts shorter than `minPartMs` are dropped: a few
 * minutes between two holds is no time to plan a delivery into.
 */
export function shiftParts(
  courierIds: readonly number[],
  holds: readonly Hold[],
  shift: { startMs: number; endMs: number },
  minPartMs = 0,
): ShiftPart[] {
  const byCourier = new Map<number, Hold[]>();
  for (const hold of holds) {
    const own = byCourier.get(hold.courierId) ?? [];
    own.push(hold);
    byCourier.set(hold.courierId, own);
  }
  const parts: ShiftPart[] = [];
  for (const courierId of courierIds) {
    const own = (byCourier.get(courierId) ?? []).sort((a, b) => a.fromMs - b.fromMs);
    let fromMs = shift.startMs;
    let index = 0;
    for (const hold of [...own, null]) {
      const toMs = Math.min(hold?.fromMs ?? shift.endMs, shift.endMs);
      if (toMs > fromMs && toMs - fromMs >= minPartMs)
        parts.push({ courierId, fromMs, toMs, index });
      index++;
      if (!hold) break;
      fromMs = Math.max(fromMs, hold.toMs);
    }
  }
  return parts;
}
