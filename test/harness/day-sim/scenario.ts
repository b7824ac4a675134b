import { type SlaTier, type StopKind, type Vehicle } from '@dispatch/shared';
import { generateDemoStops } from '../../../server/src/simulator/demo';
import { createRng } from '../../../server/src/lib/rng';
import { solarUtcOffsetMinutes } from '../../../server/src/simulator/world/local-time';
import {
  createTraffic,
  mainRoadSites,
  type WorldTraffic,
} from '../../../server/src/simulator/world/traffic';
import { gridNetwork } from '../../../server/src/streets/grid';
import type { StreetNetwork } from '../../../server/src/streets/network';
import { scheduleHolds, type Hold } from './holds';
import type { DayOptions } from './options';

/** A visit of the day; times are epoch ms. */
export interface DayStop {
  id: number;
  kind: StopKind;
  orderRef: string;
  /** Street node the stop stands on. */
  node: number;
  lat: number;
  lng: number;
  windowStart: number;
  windowEnd: number;
  serviceSeconds: number;
  demand: number;
  slaTier: SlaTier;
}

/** A courier of the day; everyone sets off from the depot at the shift start. */
export interface DayCourier {
  id: number;
  vehicle: Vehicle;
  /**
   * The day's whole demand: a day-long route would need reloads at the depot, which the routing
   * core does not plan, so load never limits anyone here.
   */
  capacity: number;
}

/** Everything the three runs share: the city and its traffic, the work, the disruptions to come. */
export interface DayScenario {
  options: DayOptions;
  network: StreetNetwork;
  /** The world's traffic (`world: 'traffic'`), null on plain streets. */
  traffic: WorldTraffic | null;
  depot: { node: number; lat: number; lng: number };
  shiftStartMs: number;
  shiftEndMs: number;
  couriers: DayCourier[];
  stops: DayStop[];
  holds: Hold[];
}

const CENTER = { lat: -20.46, lng: -54.6 };
const HOUR_MS = 3_600_000;
/** A fixed date keeps runs comparable: 08:00 local time, the morning rush hour under way. */
const SHIFT_START_MS = Date.UTC(2025, 2, 12, 12);

/**
 * The seeded day: a generated street grid (with the world's traffic on it when asked), demo stops with windows over the shift (a shop
 * pickup's paired drop-off is left out: the routing core has no pickup-before-delivery rule),
 * a homogeneous fleet at a central depot, and each courier's stalls and breakdowns.
 */
export function buildScenario(options: DayOptions): DayScenario {
  const rng = createRng(options.seed);
  const network = gridNetwork({
    centerLat: CENTER.lat,
    centerLng: CENTER.lng,
    radiusMeters: options.cityRadiusMeters,
  });
  const traffic =
    options.world === 'traffic'
      ? createTraffic({
          seed: options.seed,
          utcOffsetMinutes: solarUtcOffsetMinutes(CENTER.lng),
          incidentSites: mainRoadSites(network),
        })
      : null;
  const depotNode = network.nearestNode(CENTER.lat, CENTER.lng);
  const { lat, lng } = network.node(depotNode);
  const shiftStartMs = SHIFT_START_MS;
  const shiftEndMs = shiftStartMs + options.hours * HOUR_MS;

  const demo = generateDemoStops({
    network,
    count: options.stops,
    rng: rng.fork('stops'),
    dayStartMs: shiftStartMs,
    dayEndMs: shiftEndMs,
  });
  const stops = demo.map((s, i): DayStop => {
    const node = network.nearestNode(s.lat, s.lng);
    return {
      id: i + 1,
      kind: s.kind,
      orderRef: s.orderRef,
      node,
      lat: s.lat,
      lng: s.lng,
      windowStart: s.windowStartMs,
      windowEnd: s.windowEndMs,
      serviceSeconds: s.serviceSeconds,
      demand: s.demand,
      slaTier: s.slaTier,
    };
  });
  const capacity = stops.reduce((sum, s) => sum + s.demand, 0);
  const couriers = Array.from({ length: options.couriers }, (_, i): DayCourier => ({
    id: i + 1,
    vehicle: options.vehicle,
    capacity,
  }));
  const holds = scheduleHolds(
    couriers.map((c) => c.id),
    options,
    rng.fork('holds'),
    { startMs: shiftStartMs, endMs: shiftEndMs },
  );
  return {
    options,
    network,
    traffic,
    depot: { node: depotNode, lat, lng },
    shiftStartMs,
    shiftEndMs,
    couriers,
    stops,
    holds,
  };
}
