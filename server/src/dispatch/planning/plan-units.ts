import { isPickupKind, type StopKind } from '@dispatch/shared';
import type { PlanStop, PlanVisit } from './plan-problem';

/** A stop as `pairUnits` needs it: which order it belongs to, its part in it, its visit. */
export interface UnitStop {
  id: number;
  orderRef: string | null;
  kind: StopKind;
  visit: PlanVisit;
}

/** A planning unit: one stop, or a shop order's pickup and its drop-off, driven back to back. */
export interface PlanUnit {
  stopIds: number[];
  plan: PlanStop;
  /** On no route before this plan. */
  isNew: boolean;
}

/**
 * Planning units from stops: an order's pickup and delivery, both among them, become one unit
 * driven back to back (pickup first); the rest one unit each. `pinnedTo` keeps them on a courier.
 */
export function pairUnits(
  stops: readonly UnitStop[],
  isNew: boolean,
  pinnedTo?: number,
): PlanUnit[] {
  const deliveryOf = new Map<string, UnitStop>();
  for (const s of stops) if (s.kind === 'delivery' && s.orderRef) deliveryOf.set(s.orderRef, s);
  const paired = new Set<number>();
  const units: PlanUnit[] = [];
  for (const s of stops) {
    const drop = isPickupKind(s.kind) && s.orderRef ? deliveryOf.get(s.orderRef) : undefined;
    if (drop) {
      paired.add(s.id).add(drop.id);
      units.push({
        stopIds: [s.id, drop.id],
        plan: { ...s.visit, then: drop.visit, pinnedTo },
        isNew,
      });
    }
  }
  for (const s of stops) {
    if (!paired.has(s.id)) units.push({ stopIds: [s.id], plan: { ...s.visit, pinnedTo }, isNew });
  }
  return units;
}
