import type { SlaTier, Vehicle } from '@dispatch/shared';
import { FIRST_NAMES, LAST_NAMES, SHOP_NAMES, STREET_NAMES } from './demo-names';
import type { Rng } from '../lib/rng';
import type { StreetNetwork } from '../streets/network';

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
      // A day's demand fits the demo fleet's capacity (about 27 units per courier) with room
      // to spare: nobody reloads at the hub in this model.
      demand: kind === 'pickup' ? rng.int(1, 4) : rng.int(1, 2),
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
