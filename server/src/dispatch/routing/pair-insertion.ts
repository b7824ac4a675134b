import { EPSILON, type CompiledProblem } from './compiled';
import type { RouteState } from './route-state';

/** Where a pair would go in one route and what it would add. */
export interface PairPlace {
  /** List index of the pickup (0 = first stop). */
  position: number;
  /** List index of the delivery in the route before the pickup goes in, at least `position`. */
  deliveryPosition?: number | undefined;
  cost: number;
}

/** Per problem: each place's cost of the delivery alone, and its minimum over later places. */
interface Scratch {
  alone: Float64Array;
  laterMin: Float64Array;
}
const scratchOf = new WeakMap<CompiledProblem, Scratch>();
/** The last problem's scratch, without the map lookup (one problem is planned at a time). */
let lastProblem: CompiledProblem | null = null;
let lastScratch: Scratch = { alone: new Float64Array(0), laterMin: new Float64Array(0) };

function scratch(problem: CompiledProblem): Scratch {
  if (problem === lastProblem) return lastScratch;
  let arrays = scratchOf.get(problem);
  if (!arrays) {
    const size = problem.stops.length + 2;
    arrays = { alone: new Float64Array(size), laterMin: new Float64Array(size) };
    scratchOf.set(problem, arrays);
  }
  lastProblem = problem;
  lastScratch = arrays;
  return arrays;
}

/**
 * The cheapest feasible places for the pair `pickup` → `delivery` in `route` (windows, shift
 * end, the load at every point, the stop limit, pins), written to `out`; false when none costs
 * less than `bound`. For each pickup place it walks forward with the times the pickup delays,
 * and stops at the first stop made late or overloaded, since every later delivery place keeps
 * that stop between the two. Pickup places for which `skip` answers true are passed over.
 */
export function cheapestPairIn(
  route: RouteState,
  pickup: number,
  delivery: number,
  out: PairPlace,
  bound = Infinity,
  skip?: () => boolean,
): boolean {
  const p = route.problem;
  const v = route.vehicle;
  const pinned = p.pinnedVehicle[pickup]!;
  if (pinned >= 0 && pinned !== v) return false;
  const count = route.stopCount;
  if (count + 2 > p.maxStops[v]!) return false;
  const profile = route.profile!;
  const capacity = profile.capacity;
  if (profile.peak > capacity) return false;

  const size = p.nodeCount;
  const { travel, distance: dist, windowStart, windowEnd, serviceTime } = p;
  const { nodes, departure } = route;
  const factor = route.travelFactor;
  const load = p.demand[pickup]!;
  const { alone, laterMin } = scratch(p);
  laterMin[count + 1] = Infinity;
  for (let x = count; x >= 0; x--) {
    const a = nodes[x]!;
    const b = nodes[x + 1]!;
    alone[x] = dist[a * size + delivery]! + dist[delivery * size + b]! - dist[a * size + b]!;
    laterMin[x] = Math.min(alone[x]!, laterMin[x + 1]!);
  }
  let best = bound;
  let found = false;
  const last = Math.min(count, route.firstLate - 1);
  const pickupEnd = windowEnd[pickup]! + EPSILON;
  const deliveryEnd = windowEnd[delivery]! + EPSILON;
  for (let i = 0; i <= last; i++) {
    // Starts only grow along a route: once one is past a window, so are all later ones.
    if (route.start[i]! > pickupEnd) break;
    if (skip?.()) continue;
    if (profile.onBoard[i]! + load > capacity) continue;
    const before = nodes[i]!;
    const after = nodes[i + 1]!;
    const arrival = departure[i]! + travel[before * size + pickup]! * factor;
    const s = arrival > windowStart[pickup]! ? arrival : windowStart[pickup]!;
    if (s > pickupEnd) continue;
    const leave = s + serviceTime[pickup]!;
    const toPickup = dist[before * size + pickup]! - dist[before * size + after]!;
    const together = toPickup + dist[pickup * size + delivery]! + dist[delivery * size + after]!;
    if (together < best && deliveryFits(route, delivery, pickup, leave, i + 1)) {
      best = together;
      out.position = out.deliveryPosition = i;
      out.cost = together;
      found = true;
    }
    const pickupCost = toPickup + dist[pickup * size + after]!;
    if (pickupCost + laterMin[i + 1]! >= best) continue;
    let time = leave;
    let prev = pickup;
    for (let x = i + 1; x <= count; x++) {
      const node = nodes[x]!;
      if (profile.onBoard[x]! + load > capacity) break;
      const reach = time + travel[prev * size + node]! * factor;
      const start = reach > windowStart[node]! ? reach : windowStart[node]!;
      if (start > windowEnd[node]! + EPSILON || start > deliveryEnd) break;
      time = start + serviceTime[node]!;
      prev = node;
      const cost = pickupCost + alone[x]!;
      if (cost < best && deliveryFits(route, delivery, node, time, x + 1)) {
        best = cost;
        out.position = i;
        out.deliveryPosition = x;
        out.cost = cost;
        found = true;
      }
      if (pickupCost + laterMin[x + 1]! >= best) break;
    }
  }
  return found;
}

/** Whether `delivery`, reached from `from` left at `time`, fits before position `next`. */
function deliveryFits(
  route: RouteState,
  delivery: number,
  from: number,
  time: number,
  next: number,
): boolean {
  const p = route.problem;
  const size = p.nodeCount;
  const factor = route.travelFactor;
  const arrival = time + p.travel[from * size + delivery]! * factor;
  const ws = p.windowStart[delivery]!;
  const s = arrival > ws ? arrival : ws;
  if (s > p.windowEnd[delivery]! + EPSILON) return false;
  const after = route.nodes[next]!;
  let reach = s + p.serviceTime[delivery]! + p.travel[delivery * size + after]! * factor;
  if (next <= route.stopCount && p.windowStart[after]! > reach) reach = p.windowStart[after]!;
  return reach <= route.latest[next]! + EPSILON;
}
