import { FleetCellIndex } from './fleet-cell-index';
import type { LiveCourier, LiveModel, LiveStop } from './model';

/** A model from couriers (and stops outside any route), with a fresh cell index. */
export function buildLiveModel(
  now: number,
  couriers: Iterable<LiveCourier>,
  otherStops: Iterable<LiveStop> = [],
): LiveModel & { stops: Map<number, LiveStop> } {
  const byId = new Map<number, LiveCourier>();
  const stops = new Map<number, LiveStop>();
  const index = new FleetCellIndex();
  for (const courier of couriers) {
    byId.set(courier.id, courier);
    for (const stop of courier.route) stops.set(stop.id, stop);
    index.update(courier);
  }
  for (const stop of otherStops) stops.set(stop.id, stop);
  return { now, couriers: byId, stops, index };
}
