import {
  VEHICLE_CAPACITY,
  VEHICLE_SPEED_MPS,
  haversineMeters,
  type Vehicle,
} from '@dispatch/shared';
import { DEFAULT_CIRCUITY } from '../../server/src/eta/travel-time';
import { Random } from '../../server/src/dispatch/routing/random';
import { buildLiveModel } from '../../server/src/dispatch/suggest/build-model';
import type {
  LiveCourier,
  LiveModel,
  LivePoint,
  LiveStop,
} from '../../server/src/dispatch/suggest/model';

/** The shape of a generated city. */
export interface RandomCityOptions {
  seed: number;
  couriers: number;
  /** Mean open stops per courier (uniform from 0 to twice this, fewer when the vehicle is full). */
  stopsPerCourier: number;
  /** Each stop's demand is uniform in 1..maxDemand (default 3). */
  maxDemand?: number;
  /** The city is a disc this wide around `center` (default 10 km: a 20 km city). */
  radiusMeters?: number;
  /** Each courier works within this of its own zone's centre (default 2.5 km). */
  zoneRadiusMeters?: number;
  center?: LivePoint;
  /** Epoch ms. */
  now?: number;
}

/** A generated fleet and the means to draw stops in it. */
export interface RandomCity {
  model: LiveModel;
  random: Random;
  /** A new unassigned stop somewhere in the city, window opening now. */
  newStop(): LiveStop;
  /** A stop on some courier's route that is predicted late, or any route stop when none is. */
  lateStop(): LiveStop;
}

const VEHICLE_MIX: readonly [Vehicle, number][] = [
  ['foot', 0.08],
  ['bike', 0.4],
  ['scooter', 0.3],
  ['car', 0.17],
  ['van', 0.05],
];

/**
 * A seeded city of couriers, each working its own zone: stops near the zone centre in
 * nearest-neighbour order from its position, with windows around a straight-line ETA so that
 * most stops are on time and some are late; a few couriers are unavailable. Depends only on
 * the options.
 */
export function randomCity(options: RandomCityOptions): RandomCity {
  const random = new Random(options.seed);
  const center = options.center ?? { lat: -20.46, lng: -54.6 };
  const radius = options.radiusMeters ?? 10_000;
  const zoneRadius = options.zoneRadiusMeters ?? 2_500;
  const now = options.now ?? Date.UTC(2025, 0, 15, 13);
  const maxDemand = options.maxDemand ?? 3;
  const pointIn = (around: LivePoint, within: number) => {
    for (;;) {
      const east = (random.float() * 2 - 1) * within;
      const north = (random.float() * 2 - 1) * within;
      if (east * east + north * north > within * within) continue;
      const p = offset(around, east, north);
      if (haversineMeters(center.lat, center.lng, p.lat, p.lng) <= radius) return p;
    }
  };
  let nextStopId = 1;
  const couriers: LiveCourier[] = [];
  const late: LiveStop[] = [];
  for (let id = 1; id <= options.couriers; id++) {
    const vehicle = pickVehicle(random.float());
    const zone = pointIn(center, radius);
    const position = pointIn(zone, 500);
    const capacity = VEHICLE_CAPACITY[vehicle];
    const count = random.below(2 * options.stopsPerCourier + 1);
    const places = Array.from({ length: count }, () => pointIn(zone, zoneRadius));
    const route: LiveStop[] = [];
    let here = position;
    let clock = now;
    let load = 0;
    while (places.length > 0) {
      let nearest = 0;
      for (let i = 1; i < places.length; i++) {
        if (distance(here, places[i]!) < distance(here, places[nearest]!)) nearest = i;
      }
      const place = places.splice(nearest, 1)[0]!;
      const demand = 1 + random.below(maxDemand);
      if (load + demand > capacity) break;
      load += demand;
      const travelMs =
        ((distance(here, place) * DEFAULT_CIRCUITY) / VEHICLE_SPEED_MPS[vehicle]) * 1000;
      const serviceSeconds = 120 + random.below(181);
      clock += travelMs;
      const windowEnd = Math.round(clock + (random.float() * 60 - 10) * 60_000);
      const stop: LiveStop = {
        id: nextStopId,
        orderRef: String(nextStopId),
        ...place,
        windowStart: windowEnd - 90 * 60_000,
        windowEnd,
        serviceSeconds,
        demand,
        status: route.length === 0 ? 'en_route' : 'assigned',
        courierId: id,
        sequence: route.length + 1,
        kind: 'delivery',
      };
      nextStopId++;
      if (clock > windowEnd) late.push(stop);
      clock = Math.max(clock, stop.windowStart) + serviceSeconds * 1000;
      route.push(stop);
      here = place;
    }
    couriers.push({
      id,
      hubId: 1,
      vehicle,
      capacity,
      load,
      position,
      cell: null,
      onShiftUntil: now + (2 + random.float() * 4) * 3_600_000,
      available: random.float() > 0.05,
      route,
      routeVersion: 1,
    });
  }
  const routeStops = couriers.flatMap((courier) => courier.route);
  const built = buildLiveModel(now, couriers);
  // The model's stop map is ours, so stops drawn later can be named by triggers.
  const stops = new Map(built.stops);
  const model: LiveModel = { ...built, stops };
  return {
    model,
    random,
    newStop() {
      const stop: LiveStop = {
        id: nextStopId,
        orderRef: String(nextStopId),
        ...pointIn(center, radius),
        windowStart: now,
        windowEnd: now + (30 + random.below(91)) * 60_000,
        serviceSeconds: 180,
        demand: 1,
        status: 'unassigned',
        courierId: null,
        sequence: null,
        kind: 'delivery',
      };
      nextStopId++;
      stops.set(stop.id, stop);
      return stop;
    },
    lateStop() {
      const pool = late.length > 0 ? late : routeStops;
      return pool[random.below(pool.length)]!;
    },
  };
}

function pickVehicle(u: number): Vehicle {
  let sum = 0;
  for (const [vehicle, share] of VEHICLE_MIX) {
    sum += share;
    if (u < sum) return vehicle;
  }
  return 'bike';
}

function offset(from: LivePoint, east: number, north: number): LivePoint {
  const metersPerDegLat = 111_195;
  return {
    lat: from.lat + north / metersPerDegLat,
    lng: from.lng + east / (metersPerDegLat * Math.cos((from.lat * Math.PI) / 180)),
  };
}

function distance(a: LivePoint, b: LivePoint): number {
  return haversineMeters(a.lat, a.lng, b.lat, b.lng);
}
