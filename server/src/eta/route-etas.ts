import { OPEN_STOP_STATUSES, type StopStatus, type Vehicle } from '@dispatch/shared';
import type { GeoPoint, TravelTimeProvider } from './travel-time';

/** A stop of a courier's route, as the chaining needs it (times in epoch ms). */
export interface EtaStop {
  id: number;
  lat: number;
  lng: number;
  windowStart: number;
  windowEnd: number;
  serviceSeconds: number;
  status: StopStatus;
  /** When the courier got there, for a stop in status `arrived`; `start.at` when unknown. */
  arrivedAt?: number | null;
}

/** Predicted times at one stop, epoch ms. */
export interface StopEta {
  stopId: number;
  arriveAt: number;
  /** Arrival, or the window start when the courier would be early and waits. */
  serviceStartAt: number;
  departAt: number;
  /** Seconds the arrival falls after the window end; 0 when on time. */
  lateSeconds: number;
}

/** Where the courier is now and the time now (epoch ms). */
export interface RouteStart extends GeoPoint {
  at: number;
}

/**
 * Chains ETAs through a route's open stops in the order given: travel from the previous place,
 * wait for the window start when early, serve, leave. Closed stops (delivered, failed,
 * cancelled, returned) are skipped. A stop in status `arrived` is being served: it ends at
 * its service start + service time, or now if that has already passed.
 */
export function routeEtas(
  provider: TravelTimeProvider,
  start: RouteStart,
  vehicle: Vehicle,
  stops: readonly EtaStop[],
  /** Who drives the route, for providers that know couriers' own pace. */
  courierId?: string | number,
): StopEta[] {
  const who = courierId === undefined ? {} : { courierId };
  const etas: StopEta[] = [];
  let here: GeoPoint = { lat: start.lat, lng: start.lng };
  let clock = start.at;
  for (const stop of stops) {
    if (!OPEN_STOP_STATUSES.includes(stop.status)) continue;
    const arriveAt =
      stop.status === 'arrived'
        ? (stop.arrivedAt ?? start.at)
        : clock + provider.travelSeconds(here, stop, { vehicle, departAt: clock, ...who }) * 1000;
    const serviceStartAt = Math.max(arriveAt, stop.windowStart);
    const serviceEndAt = serviceStartAt + stop.serviceSeconds * 1000;
    const departAt = stop.status === 'arrived' ? Math.max(start.at, serviceEndAt) : serviceEndAt;
    etas.push({
      stopId: stop.id,
      arriveAt: Math.round(arriveAt),
      serviceStartAt: Math.round(serviceStartAt),
      departAt: Math.round(departAt),
      lateSeconds: Math.max(0, (arriveAt - stop.windowEnd) / 1000),
    });
    here = { lat: stop.lat, lng: stop.lng };
    clock = departAt;
  }
  return etas;
}
