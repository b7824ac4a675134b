import { ConstantSpeedProvider } from '../../server/src/eta/constant-speed-provider';
import type { TravelTimeProvider } from '../../server/src/eta/travel-time';
import type { RoutingProblem, Solution } from '../../server/src/dispatch/routing/problem';
import { buildLiveModel } from '../../server/src/dispatch/suggest/build-model';
import type {
  LiveCourier,
  LiveModel,
  LivePoint,
  LiveStop,
} from '../../server/src/dispatch/suggest/model';
import {
  clockFormatter,
  type SuggestOptionsInput,
} from '../../server/src/dispatch/suggest/options';
import type { StopMove } from '../../server/src/dispatch/suggest/proposal';

/** Fixtures for the suggestion tests: places as metres from a point on the equator, times from T0. */
export const T0 = Date.UTC(2025, 0, 15, 12);
export const MINUTE_MS = 60_000;

/** Metres per degree on the sphere `haversineMeters` uses, so offsets measure exactly. */
const METERS_PER_DEG = (6_371_008.8 * Math.PI) / 180;

/** The point `east`/`north` metres from (0, 0); east offsets along the equator are exact distances. */
export function pointAt(east: number, north = 0): LivePoint {
  return { lat: north / METERS_PER_DEG, lng: east / METERS_PER_DEG };
}

/** Straight lines at 5 m/s (300 m a minute) for every vehicle: distances turn into round minutes. */
export const provider = new ConstantSpeedProvider({
  circuity: 1,
  speedMps: { foot: 5, bike: 5, scooter: 5, car: 5, van: 5 },
});

const NAMES: Record<number, string> = { 1: 'Ana', 2: 'Ben', 3: 'Cy', 4: 'Dee', 5: 'Eli' };

export const options: SuggestOptionsInput = {
  provider,
  nameOf: (id) => NAMES[id] ?? `courier ${id}`,
  formatClock: clockFormatter('UTC'),
};

export function makeLiveStop(
  id: number,
  east: number,
  overrides: Partial<LiveStop> = {},
): LiveStop {
  return {
    id,
    orderRef: String(id),
    ...pointAt(east),
    windowStart: T0 - 60 * MINUTE_MS,
    windowEnd: T0 + 120 * MINUTE_MS,
    serviceSeconds: 120,
    demand: 1,
    status: 'assigned',
    courierId: null,
    sequence: null,
    kind: 'delivery',
    ...overrides,
  };
}

/** A courier at `east` metres whose route is `route` in order (their courier and sequence set). */
export function makeCourier(
  id: number,
  east: number | null,
  route: LiveStop[] = [],
  overrides: Partial<LiveCourier> = {},
): LiveCourier {
  route.forEach((stop, i) => {
    stop.courierId = id;
    stop.sequence = i + 1;
  });
  return {
    id,
    hubId: 1,
    vehicle: 'bike',
    capacity: 12,
    load: route.reduce((sum, stop) => sum + stop.demand, 0),
    position: east === null ? null : pointAt(east),
    cell: null,
    onShiftUntil: T0 + 6 * 60 * MINUTE_MS,
    available: true,
    route,
    routeVersion: 1,
    ...overrides,
  };
}

export function modelOf(couriers: LiveCourier[], otherStops: LiveStop[] = []): LiveModel {
  return buildLiveModel(T0, couriers, otherStops);
}

/** Every courier's open stops after applying a proposal's moves in order. */
export function routesAfter(model: LiveModel, moves: readonly StopMove[]): Map<number, LiveStop[]> {
  const routes = new Map<number, LiveStop[]>();
  for (const courier of model.couriers.values()) routes.set(courier.id, [...courier.route]);
  for (const move of moves) {
    const stop = model.stops.get(move.stopId)!;
    for (const route of routes.values()) {
      const at = route.findIndex((s) => s.id === stop.id);
      if (at >= 0) route.splice(at, 1);
    }
    routes.get(move.toCourierId)!.splice(move.insertPosition - 1, 0, stop);
  }
  return routes;
}

/**
 * A courier's route written out as a routing problem from scratch (its position now, every
 * stop's promised window, a full travel matrix), for the routing core's independent checker.
 */
export function routeAsProblem(
  courier: LiveCourier,
  route: readonly LiveStop[],
  now: number,
  travel: TravelTimeProvider = provider,
): { problem: RoutingProblem; solution: Solution } {
  const points = [courier.position!, ...route];
  const n = points.length;
  const matrix = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      matrix[i * n + j] = travel.travelSeconds(points[i]!, points[j]!, {
        vehicle: courier.vehicle,
        departAt: now,
      });
    }
  }
  const seconds = (epochMs: number) => (epochMs - now) / 1000;
  return {
    problem: {
      nodes: [
        { windowStart: 0, windowEnd: 0, serviceTime: 0, demand: 0 },
        ...route.map((stop) => ({
          windowStart: seconds(stop.windowStart),
          windowEnd: seconds(stop.windowEnd),
          serviceTime: stop.serviceSeconds,
          demand: stop.demand,
        })),
      ],
      stops: route.map((_, i) => i + 1),
      vehicles: [
        {
          startNode: 0,
          capacity: courier.capacity,
          earliestDeparture: 0,
          latestEnd: seconds(courier.onShiftUntil),
        },
      ],
      travelTimes: matrix,
      distances: matrix,
    },
    solution: { routes: [route.map((_, i) => i + 1)], unassigned: [] },
  };
}

/** Arrival at each stop of a route (epoch ms) from the courier's position now, chained by hand. */
export function arrivalsAlong(
  courier: LiveCourier,
  route: readonly LiveStop[],
  now: number,
  travel: TravelTimeProvider = provider,
): Map<number, number> {
  const arrivals = new Map<number, number>();
  let here: LivePoint = courier.position!;
  let clock = now;
  for (const stop of route) {
    const arrival =
      clock + travel.travelSeconds(here, stop, { vehicle: courier.vehicle, departAt: now }) * 1000;
    arrivals.set(stop.id, arrival);
    clock = Math.max(arrival, stop.windowStart) + stop.serviceSeconds * 1000;
    here = stop;
  }
  return arrivals;
}
