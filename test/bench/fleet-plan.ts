import { haversineMeters, type Vehicle } from '@dispatch/shared';
import type { Rng } from '../../server/src/lib/rng';
import type { StreetNetwork } from '../../server/src/streets/network';
import { offsetDegrees, type MovingCourier, type PlannedStop } from './detect-fleet';

export interface StreetFleetOptions {
  count: number;
  stopsPerCourier: number;
  /** Ordinary windows are placed relative to this instant, epoch ms. */
  nowMs: number;
  /** How many late orders to plan (see `LateOrder`). */
  lateOrders: number;
  rng: Rng;
}

/** A courier's cruising speed on a residential street, m/s, before ±20 % per courier. */
const CRUISE_MPS: Partial<Record<Vehicle, number>> = { bike: 4, scooter: 6, car: 8 };
const VEHICLE_MIX: readonly Vehicle[] = ['bike', 'bike', 'scooter', 'car'];
/** Streets are longer than the straight line; used only to place windows, not to drive. */
const DETOUR_FACTOR = 1.4;
const SERVICE_S = 60;
/** The first stop is close, so that arrivals and deliveries happen within a short run. */
const FIRST_HOP_M: [number, number] = [150, 900];
const NEXT_HOP_M: [number, number] = [400, 1500];
/** Ordinary stops end this long after a pessimistic arrival estimate: on time unless disrupted. */
const SLACK_MIN: [number, number] = [15, 45];
const WINDOW_LENGTH_MS = 3 * 3_600_000;

/**
 * An order added to a courier's route during the run (imported over REST), beyond its last stop,
 * whose window ends soon after: it is at risk at once and late at its window end.
 */
export interface LateOrder {
  courierIndex: number;
  lat: number;
  lng: number;
}

/** A street node roughly `meters` from a point in a random direction. */
function nodeAround(
  network: StreetNetwork,
  from: { lat: number; lng: number },
  meters: number,
  rng: Rng,
): { lat: number; lng: number } {
  const bearing = rng.range(0, 2 * Math.PI);
  const d = offsetDegrees(from, Math.cos(bearing) * meters, Math.sin(bearing) * meters);
  return network.node(network.nearestNode(from.lat + d.dLat, from.lng + d.dLng));
}

/**
 * Couriers on street nodes, each with `stopsPerCourier` open stops on nearby streets in route
 * order, whose windows end well after a pessimistic arrival estimate (on time unless something
 * goes wrong); and `lateOrders` orders for randomly chosen couriers, beyond their last stop.
 * Ids are left at 0 for the seed.
 */
export function planStreetFleet(
  network: StreetNetwork,
  options: StreetFleetOptions,
): { couriers: MovingCourier[]; stops: PlannedStop[][]; lateOrders: LateOrder[] } {
  const { rng, nowMs } = options;
  const couriers: MovingCourier[] = [];
  const stops: PlannedStop[][] = [];
  for (let i = 0; i < options.count; i++) {
    const vehicle = VEHICLE_MIX[i % VEHICLE_MIX.length]!;
    const start = network.node(network.randomNode(rng));
    const speedMps = (CRUISE_MPS[vehicle] ?? 4) * rng.range(0.8, 1.2);
    couriers.push({
      id: 0,
      vehicle,
      lat: start.lat,
      lng: start.lng,
      headingDeg: 0,
      speedMps,
      lastFixT: 0,
    });
    let at: { lat: number; lng: number } = start;
    let etaS = 0;
    const route: PlannedStop[] = [];
    for (let k = 0; k < options.stopsPerCourier; k++) {
      const [min, max] = k === 0 ? FIRST_HOP_M : NEXT_HOP_M;
      const next = nodeAround(network, at, rng.range(min, max), rng);
      etaS += (haversineMeters(at.lat, at.lng, next.lat, next.lng) * DETOUR_FACTOR) / speedMps;
      const windowEndMs = nowMs + (etaS * 1.5 + rng.range(SLACK_MIN[0], SLACK_MIN[1]) * 60) * 1000;
      route.push({
        lat: next.lat,
        lng: next.lng,
        windowStartMs: windowEndMs - WINDOW_LENGTH_MS,
        windowEndMs,
        serviceSeconds: SERVICE_S,
        slaTier: 'same_day',
      });
      etaS += SERVICE_S;
      at = next;
    }
    stops.push(route);
  }
  const lateOrders = Array.from({ length: options.lateOrders }, () => {
    const courierIndex = rng.int(0, options.count - 1);
    const route = stops[courierIndex]!;
    const at = nodeAround(network, route[route.length - 1]!, rng.range(...NEXT_HOP_M), rng);
    return { courierIndex, lat: at.lat, lng: at.lng };
  });
  return { couriers, stops, lateOrders };
}
