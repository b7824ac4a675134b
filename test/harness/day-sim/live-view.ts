import type { DetectStop } from '../../../server/src/detect/types';
import type { LiveCourier, LiveStop } from '../../../server/src/dispatch/suggest';
import type { DayFleet } from './day-fleet';
import type { SimCourier, SimStop } from './sim-courier';

/** A stop as the suggestion engine sees it: its promised window (the margin is the engine's). */
export function liveStop(stop: SimStop, sequence: number): LiveStop {
  return {
    id: stop.id,
    orderRef: stop.orderRef,
    lat: stop.lat,
    lng: stop.lng,
    windowStart: stop.windowStart,
    windowEnd: stop.windowEnd,
    serviceSeconds: stop.serviceSeconds,
    demand: stop.demand,
    status: stop.status,
    courierId: stop.courierId,
    sequence,
    kind: stop.kind,
    attempts: 0,
    arrivedAt: stop.arrivedAt,
  };
}

/** A courier's open stops as the detectors see them, with their promised windows. */
export function detectStops(courier: SimCourier, fleet: DayFleet): DetectStop[] {
  return courier.route.map((id) => {
    const stop = fleet.stops.get(id)!;
    return {
      id,
      status: stop.status,
      lat: stop.lat,
      lng: stop.lng,
      windowStart: stop.windowStart,
      windowEnd: stop.windowEnd,
      serviceSeconds: stop.serviceSeconds,
      arrivedAt: stop.arrivedAt,
      slaTier: stop.slaTier,
    };
  });
}

/** What the server knows of a courier: its last reported place, route and availability. */
export interface CourierKnowledge {
  position: { lat: number; lng: number } | null;
  available: boolean;
  capacity: number;
  shiftEndMs: number;
}

/** A courier as the suggestion engine sees it. */
export function liveCourier(
  courier: SimCourier,
  fleet: DayFleet,
  known: CourierKnowledge,
): LiveCourier {
  const route = courier.route.map((id, i) => liveStop(fleet.stops.get(id)!, i + 1));
  return {
    id: courier.id,
    hubId: 1,
    vehicle: courier.vehicle,
    capacity: known.capacity,
    load: route.reduce((sum, stop) => sum + stop.demand, 0),
    position: known.position,
    cell: null,
    onShiftUntil: known.shiftEndMs,
    available: known.available,
    route,
  };
}
