import { VEHICLE_CAPACITY, type SlaTier, type Vehicle } from '@dispatch/shared';
import { FIRST_NAMES, LAST_NAMES, SHOP_NAMES, STREET_NAMES } from './demo-names';
import type { Rng } from './rng';
import type { StreetNetwork } from '../streets/network';
import { localProjection } from '../streets/projection';

const MINUTE_MS = 60_000;

/** A demo stop as the server's seed inserts it. */
export interface DemoStop {
  kind: 'delivery' | 'pickup';
  address: string;
  orderRef: string;
  lat: number;
  lng: number;
  windowStartMs: number;
  windowEndMs: number;
  serviceSeconds: number;
  demand: number;
  slaTier: SlaTier;
  /** For a shop pickup: the delivery of the same order, carried by the same courier right after. */
  dropOff?: DemoStop;
}

export interface DemoCourier {
  name: string;
  vehicle: Vehicle;
}

export interface GenerateDemoStopsOptions {
  network: StreetNetwork;
  count: number;
  rng: Rng;
  dayStartMs: number;
  dayEndMs: number;
}

/** Share of express stops (45-minute windows) and of pickups among demo stops. */
const EXPRESS_SHARE = 0.08;
const PICKUP_SHARE = 0.15;
const NEXT_DAY_SHARE = 0.2;
/** Share of pickups that are a shop's order the same courier then delivers. */
const PAIRED_PICKUP_SHARE = 0.6;
const WINDOW_MINUTES = [60, 90, 120, 150, 180] as const;

/** Stops at random street nodes with time windows spread over the day. */
export function generateDemoStops({
  network,
  count,
  rng,
  dayStartMs,
  dayEndMs,
}: GenerateDemoStopsOptions): DemoStop[] {
  if (dayEndMs <= dayStartMs) throw new RangeError('dayEndMs must be after dayStartMs');
  const day = new Date(dayStartMs).toISOString().slice(2, 10).replaceAll('-', '');
  const stops: DemoStop[] = [];
  for (let i = 0; i < count; i++) {
    const node = network.node(network.randomNode(rng));
    const kind = rng.chance(PICKUP_SHARE) ? 'pickup' : 'delivery';
    const express = kind === 'delivery' && rng.chance(EXPRESS_SHARE);
    const windowMinutes = express ? 45 : rng.pick(WINDOW_MINUTES);
    const { startMs, endMs } = placeWindow(
      rng,
      dayStartMs,
      dayEndMs,
      windowMinutes,
      express ? 15 : 30,
    );
    const street = rng.pick(STREET_NAMES);
    const number = rng.int(10, 2999);
    const stop: DemoStop = {
      kind,
      address:
        kind === 'pickup'
          ? `${rng.pick(SHOP_NAMES)}, ${street}, ${number}`
          : `${street}, ${number}`,
      orderRef: `ORD-${day}-${String(i + 1).padStart(5, '0')}`,
      lat: node.lat,
      lng: node.lng,
      windowStartMs: startMs,
      windowEndMs: endMs,
      serviceSeconds: kind === 'pickup' ? rng.int(4, 10) * 30 : rng.int(2, 8) * 30,
      demand: kind === 'pickup' ? rng.int(1, 5) : rng.int(1, 3),
      slaTier: express ? 'express' : rng.chance(NEXT_DAY_SHARE) ? 'next_day' : 'same_day',
    };
    if (kind === 'pickup' && rng.chance(PAIRED_PICKUP_SHARE)) {
      stop.dropOff = dropOffFor(stop, network, rng, dayEndMs);
    }
    stops.push(stop);
  }
  return stops;
}

/** The customer delivery of a shop pickup: same order, due within two hours after the pickup opens. */
function dropOffFor(
  pickup: DemoStop,
  network: StreetNetwork,
  rng: Rng,
  dayEndMs: number,
): DemoStop {
  const node = network.node(network.randomNode(rng));
  const windowStartMs = pickup.windowStartMs + 30 * MINUTE_MS;
  return {
    kind: 'delivery',
    address: `${rng.pick(STREET_NAMES)}, ${rng.int(10, 2999)}`,
    orderRef: pickup.orderRef,
    lat: node.lat,
    lng: node.lng,
    windowStartMs,
    windowEndMs: Math.max(pickup.windowEndMs, Math.min(dayEndMs, windowStartMs + 120 * MINUTE_MS)),
    serviceSeconds: rng.int(2, 6) * 30,
    demand: 0,
    slaTier: pickup.slaTier,
  };
}

/** A window of the given length inside the day, its start rounded down to `stepMinutes`. */
function placeWindow(
  rng: Rng,
  dayStartMs: number,
  dayEndMs: number,
  windowMinutes: number,
  stepMinutes: number,
): { startMs: number; endMs: number } {
  const lengthMs = Math.min(windowMinutes * MINUTE_MS, dayEndMs - dayStartMs);
  const slack = dayEndMs - dayStartMs - lengthMs;
  const stepMs = stepMinutes * MINUTE_MS;
  const startMs = dayStartMs + Math.floor(rng.range(0, slack) / stepMs) * stepMs;
  return { startMs, endMs: startMs + lengthMs };
}

const VEHICLE_MIX: readonly [Vehicle, number][] = [
  ['bike', 0.28],
  ['scooter', 0.3],
  ['car', 0.24],
  ['van', 0.12],
  ['foot', 0.06],
];

/** Couriers with distinct realistic names; mostly bikes, scooters and cars, some vans, few on foot. */
export function generateDemoCouriers({ count, rng }: { count: number; rng: Rng }): DemoCourier[] {
  const used = new Set<string>();
  const couriers: DemoCourier[] = [];
  for (let i = 0; i < count; i++) {
    let name = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
    for (let attempt = 0; used.has(name) && attempt < 20; attempt++) {
      name = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
    }
    if (used.has(name)) name = `${name} ${i + 1}`;
    used.add(name);
    couriers.push({ name, vehicle: pickWeighted(rng, VEHICLE_MIX) });
  }
  return couriers;
}

function pickWeighted<T>(rng: Rng, items: readonly [T, number][]): T {
  const total = items.reduce((sum, [, w]) => sum + w, 0);
  let r = rng.range(0, total);
  for (const [item, weight] of items) {
    r -= weight;
    if (r < 0) return item;
  }
  return items[items.length - 1]![0];
}

export interface SweepStop {
  lat: number;
  lng: number;
  demand: number;
  windowStartMs: number;
}

/** Where a stop goes: the index of its courier and its 1-based position on that route. */
export interface SweepAssignment {
  courierIndex: number;
  sequence: number;
}

/**
 * Sweep assignment: stops sorted by polar angle around the depot (starting after the widest
 * empty angle, so no cluster is cut in two) are split into contiguous sectors, each courier's
 * sector holding a share of the total demand proportional to its vehicle's capacity; then each
 * route is ordered by window start. Returns one assignment per stop, in the input order.
 */
export function sweepAssign(
  stops: readonly SweepStop[],
  couriers: readonly { vehicle: Vehicle }[],
  depot: { lat: number; lng: number },
): SweepAssignment[] {
  if (stops.length === 0) return [];
  if (couriers.length === 0) throw new RangeError('sweepAssign needs at least one courier');
  const projection = localProjection(depot.lat, depot.lng);
  const angles = stops.map((s) => Math.atan2(projection.toY(s.lat), projection.toX(s.lng)));
  const order = stops.map((_, i) => i).sort((a, b) => angles[a]! - angles[b]!);
  const rotated = rotateAfterWidestGap(order, angles);

  const capacities = couriers.map((c) => VEHICLE_CAPACITY[c.vehicle]);
  const totalCapacity = capacities.reduce((sum, c) => sum + c, 0);
  const totalDemand = stops.reduce((sum, s) => sum + Math.max(0, s.demand), 0);
  const courierOf = new Int32Array(stops.length);
  let courier = 0;
  let shareEnd = (totalDemand * capacities[0]!) / totalCapacity;
  let demandSoFar = 0;
  for (const i of rotated) {
    const demand = Math.max(0, stops[i]!.demand);
    const midpoint = demandSoFar + demand / 2;
    while (midpoint > shareEnd && courier < couriers.length - 1) {
      courier++;
      shareEnd += (totalDemand * capacities[courier]!) / totalCapacity;
    }
    courierOf[i] = courier;
    demandSoFar += demand;
  }

  const result: SweepAssignment[] = stops.map(() => ({ courierIndex: 0, sequence: 0 }));
  const routes: number[][] = couriers.map(() => []);
  for (const i of rotated) routes[courierOf[i]!]!.push(i);
  routes.forEach((route, courierIndex) => {
    // Stable sort: equal window starts keep their sweep order.
    route.sort((a, b) => stops[a]!.windowStartMs - stops[b]!.windowStartMs);
    route.forEach((stopIndex, k) => {
      result[stopIndex] = { courierIndex, sequence: k + 1 };
    });
  });
  return result;
}

function rotateAfterWidestGap(order: number[], angles: number[]): number[] {
  let widest = -1;
  let start = 0;
  for (let k = 0; k < order.length; k++) {
    const here = angles[order[k]!]!;
    const next = k + 1 < order.length ? angles[order[k + 1]!]! : angles[order[0]!]! + 2 * Math.PI;
    if (next - here > widest) {
      widest = next - here;
      start = (k + 1) % order.length;
    }
  }
  return [...order.slice(start), ...order.slice(0, start)];
}
