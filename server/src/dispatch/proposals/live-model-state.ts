import { isPickupKind } from '@dispatch/shared';
import { orderKey } from '../orders';
import { FleetCellIndex, type LiveCourier, type LiveModel, type LiveStop } from '../suggest';

/** One courier as a replica receives it: the route only when it changed since the last update. */
export interface CourierUpdate {
  courier: Omit<LiveCourier, 'route'>;
  /** Display name, for explanations. */
  name: string;
  /** The courier's new open stops in order; absent when the replica's copy is still current. */
  route?: readonly LiveStop[];
}

/** What changed in the live model since the replica last heard: plain data, cheap to post. */
export interface LiveModelDelta {
  updates: CourierUpdate[];
  removed: number[];
}

/**
 * The suggestion engine's picture of the fleet as plain maps: couriers, the stops on their
 * routes, and (when `indexed`) the cell index the candidate search walks. The server keeps one
 * to know what a trigger is about; the proposal thread keeps a replica brought up to date by
 * `apply`, so the two never rebuild anything per proposal.
 */
export class LiveModelState {
  readonly couriers = new Map<number, LiveCourier>();
  readonly routeStops = new Map<number, LiveStop>();
  private readonly index: FleetCellIndex | null;
  private readonly names = new Map<number, string>();

  constructor({ indexed = true }: { indexed?: boolean } = {}) {
    this.index = indexed ? new FleetCellIndex() : null;
  }

  get size(): number {
    return this.couriers.size;
  }

  /** Stores a courier; `routeChanged` says its route is not the one stored before. */
  put(courier: LiveCourier, name: string, routeChanged: boolean): void {
    const previous = this.couriers.get(courier.id);
    if (routeChanged && previous) this.dropRouteStops(previous);
    if (routeChanged || !previous) {
      for (const stop of courier.route) this.routeStops.set(stop.id, stop);
    }
    this.couriers.set(courier.id, courier);
    this.names.set(courier.id, name);
    this.index?.update(courier);
  }

  remove(courierId: number): void {
    const previous = this.couriers.get(courierId);
    if (previous) this.dropRouteStops(previous);
    this.couriers.delete(courierId);
    this.names.delete(courierId);
    this.index?.remove(courierId);
  }

  /** Applies what a `LiveModelDelta` says; an update without a route keeps the stored route. */
  apply(delta: LiveModelDelta): void {
    for (const id of delta.removed) this.remove(id);
    for (const update of delta.updates) {
      const previous = this.couriers.get(update.courier.id);
      const route = update.route ?? previous?.route ?? [];
      this.put({ ...update.courier, route }, update.name, update.route !== undefined);
    }
  }

  nameOf(courierId: number): string {
    return this.names.get(courierId) ?? `courier ${courierId}`;
  }

  /**
   * The model for one proposal, with stops that are on no route (unassigned, failed) added.
   * `orderStops` are the stops of the shop orders the proposal concerns, as stored now: a
   * stop's partner is the model's own copy when it is on a route, else the stored one.
   */
  view(
    now: number,
    loneStops: readonly LiveStop[] = [],
    orderStops: readonly LiveStop[] = [],
  ): LiveModel {
    if (!this.index) throw new Error('this live model keeps no cell index: it cannot answer');
    const extra = new Map(loneStops.map((s) => [s.id, s]));
    for (const s of orderStops)
      if (!this.routeStops.has(s.id) && !extra.has(s.id)) extra.set(s.id, s);
    const stops =
      extra.size === 0
        ? this.routeStops
        : {
            get: (id: number) => extra.get(id) ?? this.routeStops.get(id),
            has: (id: number) => extra.has(id) || this.routeStops.has(id),
          };
    const byOrder = new Map<string, number>();
    for (const s of orderStops) {
      const key = orderKey(s);
      if (key !== null) byOrder.set(`${key}|${isPickupKind(s.kind) ? 'pickup' : s.kind}`, s.id);
    }
    const partnerOf = (stop: LiveStop): LiveStop | undefined => {
      const key = orderKey(stop);
      const pickup = isPickupKind(stop.kind);
      if (key === null || (!pickup && stop.kind !== 'delivery')) return undefined;
      const id = byOrder.get(`${key}|${pickup ? 'delivery' : 'pickup'}`);
      return id === undefined ? undefined : stops.get(id);
    };
    return { now, couriers: this.couriers, stops, index: this.index, partnerOf };
  }

  private dropRouteStops(courier: LiveCourier): void {
    for (const stop of courier.route) {
      if (this.routeStops.get(stop.id)?.courierId === courier.id) this.routeStops.delete(stop.id);
    }
  }
}
