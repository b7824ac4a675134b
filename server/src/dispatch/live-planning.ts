import type { Vehicle } from '@dispatch/shared';
import type { GeoPoint, TravelTimeProvider } from '../eta';
import type { PlanCourier, PlanVisit } from './planning';
import { resequenceRoute, type RoutingProblem, type RoutingVehicle } from './routing';

/** A courier to re-sequence for: where and from when it starts, until when it works, what it carries. */
type SequencedCourier = Pick<PlanCourier, 'start' | 'departAt' | 'shiftEnd' | 'capacity'> & {
  usedLoad?: number;
};

/**
 * A routing problem in seconds from `origin`: node i < couriers.length is courier i's start, the
 * rest are the stops in order, travel times asked of the live provider at `vehicle`'s speeds
 * (one courier's few stops: exact times are affordable here, unlike for a day's plan).
 */
export function liveProblem(
  couriers: readonly SequencedCourier[],
  stops: readonly PlanVisit[],
  provider: TravelTimeProvider,
  vehicle: Vehicle,
  origin: number,
): RoutingProblem {
  const points: GeoPoint[] = [...couriers.map((c) => c.start), ...stops];
  const n = points.length;
  const travel = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    const row = provider.travelSecondsFrom(points[i]!, points, { vehicle, departAt: origin });
    for (let j = 0; j < n; j++) travel[i * n + j] = i === j ? 0 : row[j]!;
  }
  const seconds = (ms: number) => (ms - origin) / 1000;
  const nodes = [
    ...couriers.map(() => ({ windowStart: 0, windowEnd: Infinity, serviceTime: 0, demand: 0 })),
    ...stops.map((s) => ({
      windowStart: seconds(s.windowStart),
      windowEnd: seconds(s.windowEnd),
      serviceTime: s.serviceSeconds,
      demand: s.demand,
    })),
  ];
  const vehicles: RoutingVehicle[] = couriers.map((c, i) => ({
    startNode: i,
    capacity: c.capacity,
    usedLoad: c.usedLoad ?? 0,
    earliestDeparture: seconds(c.departAt),
    latestEnd: seconds(c.shiftEnd),
  }));
  return {
    nodes,
    stops: stops.map((_, k) => couriers.length + k),
    vehicles,
    travelTimes: travel,
    distances: travel,
  };
}

/**
 * The best order for one courier's remaining stops from where it is now (indices into `stops`).
 * `precedence` holds pairs of indices `[first, then]`: a shop order's pickup before its delivery.
 */
export function bestOrder(
  courier: SequencedCourier,
  stops: readonly PlanVisit[],
  provider: TravelTimeProvider,
  vehicle: Vehicle,
  precedence: readonly (readonly [number, number])[] = [],
): { order: number[]; feasible: boolean; lateSeconds: number } {
  if (stops.length <= 1) return { order: stops.map((_, i) => i), feasible: true, lateSeconds: 0 };
  const problem = liveProblem([courier], stops, provider, vehicle, courier.departAt);
  const result = resequenceRoute(problem, 0, problem.stops, {
    precedence: precedence.map(([first, then]) => [first + 1, then + 1] as const),
  });
  return {
    order: result.order.map((node) => node - 1),
    feasible: result.feasible,
    lateSeconds: result.totalLateness,
  };
}
