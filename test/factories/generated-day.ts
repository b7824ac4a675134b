import type { RoutingProblem, RoutingVehicle } from '../../server/src/dispatch/routing/problem';
import { Random } from '../../server/src/dispatch/routing/random';

/** Size and seed of a generated delivery day. */
export interface DeliveryDayShape {
  stopCount: number;
  vehicleCount: number;
  seed?: number;
  /** Stop limit given to every vehicle; none by default. */
  maxStops?: number | undefined;
}

/** Side of the square the stops lie in. */
const AREA_METERS = 10_000;
/** Roads are longer than the straight line. */
const DETOUR = 1.3;
/** A car's average speed through the city: the travel matrix is for cars. */
const CAR_SPEED_MPS = 8;
const HOUR_SECONDS = 3600;
const DAY_SECONDS = 8 * HOUR_SECONDS;
const WINDOW_SECONDS = 2 * HOUR_SECONDS;
const SERVICE_SECONDS = 180;

/** The fleet's kinds of vehicle, used in turn: slower ones carry less. */
const KINDS = [
  { travelFactor: 1.6, capacity: 25 }, // bike
  { travelFactor: 1.3, capacity: 40 }, // scooter
  { travelFactor: 1, capacity: 80 }, // car
  { travelFactor: 1, capacity: 160 }, // van
] as const;

/** Shifts in turn: most couriers work the whole day, some the morning or the afternoon. */
const SHIFTS = [
  [0, DAY_SECONDS + HOUR_SECONDS / 2],
  [0, DAY_SECONDS + HOUR_SECONDS / 2],
  [0, 4.5 * HOUR_SECONDS],
  [3.5 * HOUR_SECONDS, DAY_SECONDS + HOUR_SECONDS / 2],
] as const;

/**
 * A seeded delivery day: one hub in the middle of a 10 km square, stops spread uniformly with
 * 2 h windows starting anywhere in the first 6 h of an 8 h day, times in seconds (the matrix
 * at car speed), distances in metres, a mixed fleet of bikes, scooters, cars and vans on open
 * routes from the hub, each courier with a shift.
 */
export function generateDeliveryDay(shape: DeliveryDayShape): RoutingProblem {
  const random = new Random(shape.seed ?? 1);
  const n = 1 + shape.stopCount;
  const xs = new Float64Array(n);
  const ys = new Float64Array(n);
  xs[0] = ys[0] = AREA_METERS / 2;
  const nodes = [{ windowStart: 0, windowEnd: DAY_SECONDS, serviceTime: 0, demand: 0 }];
  for (let i = 1; i < n; i++) {
    xs[i] = random.float() * AREA_METERS;
    ys[i] = random.float() * AREA_METERS;
    const windowStart = Math.round(random.float() * (DAY_SECONDS - WINDOW_SECONDS));
    nodes.push({
      windowStart,
      windowEnd: windowStart + WINDOW_SECONDS,
      serviceTime: SERVICE_SECONDS,
      demand: 1 + random.below(3),
    });
  }
  const distances = new Float64Array(n * n);
  const travelTimes = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const meters = Math.round(Math.hypot(xs[i]! - xs[j]!, ys[i]! - ys[j]!) * DETOUR);
      distances[i * n + j] = meters;
      travelTimes[i * n + j] = Math.round(meters / CAR_SPEED_MPS);
    }
  }
  const vehicles = Array.from({ length: shape.vehicleCount }, (_, v): RoutingVehicle => {
    const kind = KINDS[v % KINDS.length]!;
    const [earliestDeparture, latestEnd] = SHIFTS[Math.floor(v / KINDS.length) % SHIFTS.length]!;
    return {
      startNode: 0,
      capacity: kind.capacity,
      earliestDeparture,
      latestEnd,
      travelFactor: kind.travelFactor,
      maxStops: shape.maxStops,
    };
  });
  return {
    nodes,
    stops: nodes.slice(1).map((_, i) => i + 1),
    vehicles,
    travelTimes,
    distances,
  };
}
