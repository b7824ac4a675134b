import type { Vehicle } from '@dispatch/shared';
import type {
  BBox,
  LatLngPair,
  RoadClass,
  StreetNetwork,
  StreetRoute,
} from '../../streets/network';
import { congestionLoss, localHourOf } from './congestion';
import { CorridorSchedule } from './corridor-incidents';
import { Junctions } from './junctions';
import { flatMeters, isMainRoad, roadGroup, rngFor, segmentKey } from './street-keys';
import type { CorridorIncident, Segment, Traffic } from './types';

export interface TrafficOptions {
  seed: number;
  /** Offset of local time from UTC: places the rush hours. */
  utcOffsetMinutes: number;
  /** Mean corridor incidents starting per hour in the whole city (default 0.75). */
  corridorIncidentsPerHour?: number;
  /** Points on main roads to centre corridor incidents on (see `mainRoadSites`). */
  incidentSites?: readonly LatLngPair[];
  /** Without sites, incident centres fall anywhere in this box; with neither there are none. */
  bbox?: BBox;
}

/** The world's traffic, with what a planner told the world in advance may also ask. */
export interface WorldTraffic extends Traffic {
  /** `junctionDelaySeconds` averaged over arrival instants (lights' mean red wait). */
  meanJunctionDelaySeconds(
    segment: Segment,
    next: Segment | null,
    vehicle: Vehicle,
    epochMs: number,
  ): number;
}

/** Empty streets: every segment at the cruising speed, no junction delays, no incidents. */
export const FREE_FLOW_TRAFFIC: WorldTraffic = {
  speedFactor: () => 1,
  junctionDelaySeconds: () => 0,
  meanJunctionDelaySeconds: () => 0,
  corridorIncidents: () => [],
};

type VehicleKind = 'motor' | 'bike' | 'foot';

/**
 * Free-flow speed on each road class relative to a residential street. A car is much faster
 * on an avenue; a bike is not (it rides at its own pace and keeps to the edge), nor is a walker.
 */
const FREE_FLOW: Record<VehicleKind, Record<RoadClass, number>> = {
  motor: {
    motorway: 2,
    trunk: 1.6,
    primary: 1.4,
    secondary: 1.25,
    tertiary: 1.1,
    unclassified: 0.95,
    residential: 1,
    living_street: 0.45,
    service: 0.55,
  },
  bike: {
    motorway: 0.9,
    trunk: 0.95,
    primary: 0.95,
    secondary: 0.95,
    tertiary: 1,
    unclassified: 1,
    residential: 1,
    living_street: 0.85,
    service: 0.9,
  },
  foot: {
    motorway: 1,
    trunk: 1,
    primary: 1,
    secondary: 1,
    tertiary: 1,
    unclassified: 1,
    residential: 1,
    living_street: 1,
    service: 1,
  },
};
/** Share of car congestion a vehicle feels: a scooter filters, a bike mostly rides past. */
const CONGESTION_SHARE: Record<Vehicle, number> = {
  car: 1,
  van: 1,
  scooter: 0.6,
  bike: 0.25,
  foot: 0,
};
/** How much of a street's character a vehicle feels (a walker barely minds speed bumps). */
const CHARACTER_EXPONENT: Record<VehicleKind, number> = { motor: 1, bike: 0.5, foot: 0.2 };
/** Share of the slowdown a corridor incident puts on a vehicle (a bike squeezes past). */
const INCIDENT_SHARE: Record<VehicleKind, number> = { motor: 1, bike: 0.4, foot: 0 };
/** Streets of a city number in the tens of thousands; the cap only guards memory. */
const MAX_CACHED_STREETS = 200_000;

interface Street {
  /** The segment's own speed multiplier, whatever the hour. */
  character: number;
  /** How strongly the rush hours hit it (a two-lane avenue jams less than a one-lane one). */
  congestionSensitivity: number;
}

function kindOf(vehicle: Vehicle): VehicleKind {
  return vehicle === 'foot' ? 'foot' : vehicle === 'bike' ? 'bike' : 'motor';
}

/**
 * A seeded world's traffic. Each segment's speed is its road class's free flow × its own
 * character (from the seed and its end points) × the congestion of its road group at the local
 * hour × any corridor incident covering it; junctions add lights and give-way waits.
 */
export function createTraffic(options: TrafficOptions): WorldTraffic {
  const { seed, utcOffsetMinutes } = options;
  const streets = new Map<string, Street>();
  const junctions = new Junctions(seed);
  const corridors = new CorridorSchedule({
    seed,
    perHour: options.corridorIncidentsPerHour ?? 0.75,
    ...(options.incidentSites ? { sites: options.incidentSites } : {}),
    ...(options.bbox ? { bbox: options.bbox } : {}),
  });

  const street = (segment: Segment): Street => {
    const key = segmentKey(segment);
    let found = streets.get(key);
    if (!found) {
      const rng = rngFor(seed, 'street', key);
      // Log-normal around 1 (sd 0.1 in log terms), and one street in ten much slower:
      // a narrow lane, a market, speed bumps, a school gate.
      let character = Math.exp(rng.normal(-0.005, 0.1));
      if (rng.chance(0.1)) character *= rng.range(0.45, 0.8);
      found = {
        character: Math.min(1.35, Math.max(0.3, character)),
        congestionSensitivity: rng.range(0.6, 1.4),
      };
      if (streets.size >= MAX_CACHED_STREETS) streets.clear();
      streets.set(key, found);
    }
    return found;
  };

  /** Share of free-flow speed lost to congestion on this segment at an instant. */
  const congestion = (segment: Segment, epochMs: number): number =>
    Math.min(
      0.85,
      congestionLoss(roadGroup(segment.roadClass), localHourOf(epochMs, utcOffsetMinutes)) *
        street(segment).congestionSensitivity,
    );

  return {
    speedFactor(segment, vehicle, epochMs) {
      const kind = kindOf(vehicle);
      const { character } = street(segment);
      let factor =
        FREE_FLOW[kind][segment.roadClass] *
        Math.pow(character, CHARACTER_EXPONENT[kind]) *
        (1 - CONGESTION_SHARE[vehicle] * congestion(segment, epochMs));
      if (isMainRoad(segment.roadClass) && INCIDENT_SHARE[kind] > 0) {
        const mid: LatLngPair = [
          (segment.from[0] + segment.to[0]) / 2,
          (segment.from[1] + segment.to[1]) / 2,
        ];
        const incident = corridors.factorAt(mid, epochMs);
        factor *= 1 - INCIDENT_SHARE[kind] * (1 - incident);
      }
      return factor;
    },
    junctionDelaySeconds(segment, next, vehicle, epochMs) {
      const busyness = next ? congestion(next, epochMs) : 0;
      return junctions.delaySeconds(segment, next, vehicle, epochMs, busyness);
    },
    meanJunctionDelaySeconds(segment, next, vehicle, epochMs) {
      const busyness = next ? congestion(next, epochMs) : 0;
      return junctions.meanDelaySeconds(segment, next, vehicle, busyness);
    },
    corridorIncidents(fromMs, toMs): readonly CorridorIncident[] {
      return corridors.between(fromMs, toMs);
    },
  };
}

/** The route's segments as the world sees them; `degreeAt` tells junctions from bends. */
export function routeSegments(
  route: StreetRoute,
  degreeAt?: (point: LatLngPair) => number,
): Segment[] {
  const segments: Segment[] = [];
  for (let i = 0; i + 1 < route.points.length; i++) {
    const from = route.points[i]!;
    const to = route.points[i + 1]!;
    segments.push({
      from,
      to,
      roadClass: route.segmentRoadClasses[i]!,
      lengthMeters: flatMeters(from, to),
      ...(degreeAt ? { endDegree: degreeAt(to) } : {}),
    });
  }
  return segments;
}

/** Streets meeting at the network node nearest a point. */
export function networkDegree(network: StreetNetwork): (point: LatLngPair) => number {
  return ([lat, lng]) => {
    const node = network.nearestNode(lat, lng);
    return new Set(network.edges(node).map((e) => e.to)).size;
  };
}

/**
 * Seconds to drive a route departing at `departMs` with the traffic as it will be: each segment
 * at its speed at the moment it is reached, each junction at its mean delay then. For a planner
 * told the world in advance; pass `degreeAt` (see `networkDegree`) to skip the bends.
 */
export function expectedTravelSeconds(
  traffic: WorldTraffic,
  route: StreetRoute,
  cruiseMps: number,
  vehicle: Vehicle,
  departMs: number,
  degreeAt?: (point: LatLngPair) => number,
): number {
  if (!(cruiseMps > 0)) throw new RangeError('cruiseMps must be positive');
  const segments = routeSegments(route, degreeAt);
  let seconds = 0;
  segments.forEach((segment, i) => {
    const at = departMs + seconds * 1000;
    seconds += segment.lengthMeters / (cruiseMps * traffic.speedFactor(segment, vehicle, at));
    const next = segments[i + 1] ?? null;
    seconds += traffic.meanJunctionDelaySeconds(segment, next, vehicle, departMs + seconds * 1000);
  });
  return seconds;
}

/** Midpoints of a network's main-road segments: where corridor incidents happen. */
export function mainRoadSites(network: StreetNetwork): LatLngPair[] {
  const sites: LatLngPair[] = [];
  for (let v = 0; v < network.nodeCount; v++) {
    const a = network.node(v);
    for (const edge of network.edges(v)) {
      if (edge.to < v || !isMainRoad(edge.roadClass)) continue;
      const b = network.node(edge.to);
      sites.push([(a.lat + b.lat) / 2, (a.lng + b.lng) / 2]);
    }
  }
  return sites;
}
