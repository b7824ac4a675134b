import { compileProblem } from '../routing/compiled';
import type { RoutingNode, RoutingProblem } from '../routing/problem';
import { RouteState } from '../routing/route-state';
import type { GeoPoint, TravelTimeProvider } from '../../eta/travel-time';
import type { LiveCourier, LiveStop } from './model';

/**
 * One courier's remaining route as a one-vehicle routing problem, times in seconds from now,
 * with the stops that might be inserted into it. Node 0 is where the courier sets off (its
 * position, or the stop it is serving), nodes 1..routeCount its stops in order, then the
 * stops to insert.
 *
 * Windows as the routing core checks them: a route stop already late keeps its predicted start
 * as its deadline (a move may not make it later), the shift end likewise, and the stops to
 * insert have no deadline at all (their lateness is scored, not forbidden). Lateness is counted
 * from each stop's working window end: the promised end less the hub's safety margin, never
 * before the window opens.
 */
export interface CandidateRoute {
  courier: LiveCourier;
  /** Epoch ms of time 0. */
  now: number;
  problem: RoutingProblem;
  /** The route's stops, without the ones to insert. */
  route: RouteState;
  /** The live stop of each node (null for node 0). */
  stopOfNode: readonly (LiveStop | null)[];
  routeCount: number;
  /** Nodes of the stops to insert, in the order given. */
  movingNodes: readonly number[];
  /** Positions of the live route before list index 0: 1 when an arrived stop is being served. */
  headCount: number;
  /** The working window end of each node, seconds (the lateness reference). */
  workingEnd: Float64Array;
  /** 1 for route stops already late before any move. */
  alreadyLate: Uint8Array;
}

/** Seconds from `now` to an epoch-ms instant. */
export function secondsFrom(now: number, epochMs: number): number {
  return (epochMs - now) / 1000;
}

/**
 * The end a stop's lateness is counted from, epoch ms: its promised window end less
 * `windowMarginSeconds`, never before its window opens.
 */
export function workingWindowEnd(stop: LiveStop, windowMarginSeconds: number): number {
  return Math.max(stop.windowStart, stop.windowEnd - windowMarginSeconds * 1000);
}

/**
 * The candidate problem of `courier` with `moving` stops to insert; `delaySeconds` holds the
 * courier where it is that long first (a stalled courier), and lateness counts from window
 * ends `windowMarginSeconds` early. Null when the courier's whereabouts are unknown. Fills
 * only the travel times an insertion reads (consecutive legs, and legs to and from the stops
 * to insert); the rest stay infinite.
 */
export function buildCandidateRoute(
  courier: LiveCourier,
  moving: readonly LiveStop[],
  now: number,
  provider: TravelTimeProvider,
  delaySeconds = 0,
  windowMarginSeconds = 0,
): CandidateRoute | null {
  const head = courier.route[0]?.status === 'arrived' ? courier.route[0] : null;
  const origin: GeoPoint | null = head ?? courier.position;
  if (!origin) return null;
  const movingIds = new Set(moving.map((stop) => stop.id));
  const routeStops = courier.route.filter((stop) => stop !== head && !movingIds.has(stop.id));
  const stopOfNode: (LiveStop | null)[] = [null, ...routeStops, ...moving];
  const routeCount = routeStops.length;
  const n = stopOfNode.length;
  const movingNodes = moving.map((_, i) => routeCount + 1 + i);

  const travel = fillTravel(courier, origin, stopOfNode, routeCount, now, provider);
  let departure = delaySeconds;
  if (head) {
    const arrived = secondsFrom(now, head.arrivedAt ?? now);
    const serviceEnd = Math.max(arrived, secondsFrom(now, head.windowStart)) + head.serviceSeconds;
    departure = Math.max(departure, serviceEnd);
  }

  const workingEnd = new Float64Array(n);
  const alreadyLate = new Uint8Array(n);
  const nodes: RoutingNode[] = [{ windowStart: 0, windowEnd: Infinity, serviceTime: 0, demand: 0 }];
  let clock = departure;
  let routeDemand = 0;
  for (let node = 1; node < n; node++) {
    const stop = stopOfNode[node]!;
    const windowStart = secondsFrom(now, stop.windowStart);
    workingEnd[node] = secondsFrom(now, workingWindowEnd(stop, windowMarginSeconds));
    let windowEnd = Infinity;
    if (node <= routeCount) {
      const arrival = clock + travel[(node - 1) * n + node]!;
      const start = Math.max(arrival, windowStart);
      clock = start + stop.serviceSeconds;
      routeDemand += stop.demand;
      windowEnd = workingEnd[node]!;
      if (arrival > windowEnd) {
        alreadyLate[node] = 1;
        windowEnd = start;
      }
    }
    nodes.push({ windowStart, windowEnd, serviceTime: stop.serviceSeconds, demand: stop.demand });
  }

  const problem: RoutingProblem = {
    nodes,
    stops: stopOfNode.map((_, node) => node).slice(1),
    vehicles: [
      {
        startNode: 0,
        capacity: courier.capacity,
        usedLoad: Math.max(0, courier.load - routeDemand),
        earliestDeparture: departure,
        latestEnd: Math.max(secondsFrom(now, courier.onShiftUntil), clock),
      },
    ],
    travelTimes: travel,
    distances: travel,
  };
  const route = new RouteState(compileProblem(problem), 0);
  route.assign(Array.from({ length: routeCount }, (_, i) => i + 1));
  return {
    courier,
    now,
    problem,
    route,
    stopOfNode,
    routeCount,
    movingNodes,
    headCount: head ? 1 : 0,
    workingEnd,
    alreadyLate,
  };
}

/** Consecutive legs of the route, and every leg to and from the stops to insert. */
function fillTravel(
  courier: LiveCourier,
  origin: GeoPoint,
  stopOfNode: readonly (LiveStop | null)[],
  routeCount: number,
  now: number,
  provider: TravelTimeProvider,
): Float64Array {
  const n = stopOfNode.length;
  const travel = new Float64Array(n * n).fill(Infinity);
  for (let i = 0; i < n; i++) travel[i * n + i] = 0;
  const ctx = { vehicle: courier.vehicle, departAt: now };
  const pointOf = (node: number): GeoPoint => (node === 0 ? origin : stopOfNode[node]!);
  const firstMoving = routeCount + 1;
  for (let from = 0; from < n; from++) {
    const targets: number[] = [];
    if (from < routeCount) targets.push(from + 1);
    if (from >= firstMoving) for (let to = 1; to <= routeCount; to++) targets.push(to);
    for (let to = firstMoving; to < n; to++) if (to !== from) targets.push(to);
    if (targets.length === 0) continue;
    const seconds = provider.travelSecondsFrom(pointOf(from), targets.map(pointOf), ctx);
    targets.forEach((to, i) => (travel[from * n + to] = seconds[i]!));
  }
  return travel;
}
