import type { StopKind } from '@dispatch/shared';

/** The fields selection needs to find the other half of a pickup/delivery pair. */
export interface PairableStop {
  id: number;
  kind: StopKind;
  orderRef: string | null;
}

/** A pickup and its delivery (same order reference), either of which may be missing. */
export interface StopPair {
  orderRef: string;
  pickupId: number | null;
  dropId: number | null;
}

/** The pickup/delivery pair a stop belongs to, found by its order reference. */
export function findPair(stop: PairableStop, stops: Iterable<PairableStop>): StopPair | null {
  if (!stop.orderRef) return null;
  const pair: StopPair = { orderRef: stop.orderRef, pickupId: null, dropId: null };
  for (const s of stops) {
    if (s.orderRef !== stop.orderRef) continue;
    if (s.kind === 'delivery') pair.dropId ??= s.id;
    else pair.pickupId ??= s.id;
  }
  return pair.pickupId !== null && pair.dropId !== null ? pair : null;
}

/** What the dispatcher has picked: a courier, stops for manual reassignment, a highlighted pair. */
export class Selection {
  courierId = $state<number | null>(null);
  stopIds = $state.raw<ReadonlySet<number>>(new Set());
  pair = $state.raw<StopPair | null>(null);

  /** Stops in the order they were picked. */
  stopList = $derived([...this.stopIds]);

  selectCourier(id: number | null): void {
    this.courierId = id;
  }

  isStopSelected(id: number): boolean {
    return this.stopIds.has(id);
  }

  /** Adds a stop to the selection, or takes it out when it is already in. */
  toggleStop(id: number): void {
    const next = new Set(this.stopIds);
    if (!next.delete(id)) next.add(id);
    this.stopIds = next;
  }

  /** Makes one stop the whole selection (a plain click), or adds it (shift-click). */
  pickStop(id: number, additive: boolean): void {
    if (additive) this.toggleStop(id);
    else this.stopIds = new Set([id]);
  }

  clearStops(): void {
    if (this.stopIds.size > 0) this.stopIds = new Set();
  }

  /** Highlights the pickup/delivery pair of a stop, if it has one. */
  highlightPairOf(stop: PairableStop, stops: Iterable<PairableStop>): void {
    this.pair = findPair(stop, stops);
  }

  /** Escape: drop stops first, then the highlighted pair, then the courier. Returns what changed. */
  clearStep(): 'stops' | 'pair' | 'courier' | null {
    if (this.stopIds.size > 0) {
      this.clearStops();
      return 'stops';
    }
    if (this.pair) {
      this.pair = null;
      return 'pair';
    }
    if (this.courierId !== null) {
      this.courierId = null;
      return 'courier';
    }
    return null;
  }
}
