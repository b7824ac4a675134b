import type { DetectStop } from '../../../server/src/detect/types';
import type { LiveCourier, LiveStop } from '../../../server/src/dispatch/suggest';
import type { DayFleet } from './day-fleet';
import type { SimCourier, SimStop } from './sim-courier';

/**
 * The window end the hub works to: the promised one less its safety margin (never before the
 * window opens).
 */
export function workingWindowEnd(stop: SimStop, marginMs: number): number {
  return Math.max(stop.windowStart, stop.windowEnd - marginMs);
}

/** A stop as the suggestion engine sees it, its window closing `marginMs` early. */
export function liveStop(stop: SimStop, sequence: number, marginMs = 0): LiveStop {
  return {
    id: stop.id,
    orderRef: stop.orderRef,
    lat: stop.lat,
    lng: stop.lng,
    windowStart: stop.windowStart,
    windowEnd: workingWindowEnd(stop, marginMs),
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

/** A courier's open stops as the detectors see them, each window closing `marginMs` early. */
export function detectStops(courier: SimCourier, fleet: DayFleet, marginMs = 0): DetectStop[] {
  return courier.route.map((id) => {
    const stop = fleet.stops.get(id)!;
    return {
      id,
      status: stop.status,
      lat: stop.lat,
      lng: stop.lng,
      windowEnd: workingWindowEnd(stop, marginMs),
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
  /** The hub's safety margin on every window end, ms. */
  windowMarginMs: number;
}

/** A courier as the suggestion engine sees it. */
export function liveCourier(
  courier: SimCourier,
  fleet: DayFleet,
  known: CourierKnowledge,
): LiveCourier {
  const route = courier.route.map((id, i) =>
    liveStop(fleet.stops.get(id)!, i + 1, known.windowMarginMs),
  );
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
