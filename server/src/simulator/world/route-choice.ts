import { haversineMeters, type Vehicle } from '@dispatch/shared';
import type { Rng } from '../../lib/rng';
import type { LatLngPair, StreetNetwork, StreetRoute } from '../../streets/network';

/** How one courier drives, beyond its speed: its habits. */
export interface CourierBehaviour {
  /** Share of legs not driven along the shortest path (habits, avoiding an avenue, a detour). */
  detourPropensity: number;
  /** Walking pace between a parked vehicle and the door, metres per second. */
  walkMps: number;
}

/** Parking near a stop: how far short of the door the vehicle stops and how it got there. */
export interface ParkingPlan {
  /** The vehicle stops this far before the door along its route; the rest is walked. */
  walkMeters: number;
  /** A node driven through first while looking for a spot (circling the block), if any. */
  circleVia: number | null;
}

/** Vehicles parked near a stop rather than at its door, with the walk to the door (metres). */
const PARKING_WALK_METERS: Partial<Record<Vehicle, [number, number]>> = {
  scooter: [15, 50],
  car: [20, 150],
  van: [20, 120],
};
/** Chance a driver circles for a spot; a van more often stops in the street. */
const CIRCLING_CHANCE: Partial<Record<Vehicle, number>> = { car: 0.35, van: 0.2 };
/** Legs shorter than this are always driven straight: no room for a detour. */
const MIN_DETOUR_LEG_METERS = 400;
/** An alternative longer than this times the shortest is not one a courier would choose. */
const MAX_DETOUR_RATIO = 1.8;

/** A courier's habits, drawn once: 10–40% of legs off the shortest path, walking at 1.2–1.5 m/s. */
export function drawBehaviour(rng: Rng): CourierBehaviour {
  return { detourPropensity: rng.range(0.1, 0.4), walkMps: rng.range(1.2, 1.5) };
}

/** True when this vehicle parks near a stop and its courier walks to the door. */
export function parksAway(vehicle: Vehicle): boolean {
  return PARKING_WALK_METERS[vehicle] !== undefined;
}

/**
 * The route a courier takes between two nodes: the shortest path, or, on a share of legs
 * (`propensity`), a route through a waypoint off the direct line (15–35% of the leg's length
 * to one side of its middle), as a courier does who knows another way or avoids an avenue.
 * `alternative` says which it took.
 */
export function chooseRoute(
  network: StreetNetwork,
  fromNode: number,
  toNode: number,
  rng: Rng,
  propensity: number,
): { route: StreetRoute | null; alternative: boolean } {
  const direct = network.route(fromNode, toNode);
  if (!direct || direct.lengthMeters < MIN_DETOUR_LEG_METERS || !rng.chance(propensity)) {
    return { route: direct, alternative: false };
  }
  const a = network.node(fromNode);
  const b = network.node(toNode);
  const side = rng.chance(0.5) ? 1 : -1;
  const offset = rng.range(0.15, 0.35) * side;
  // Perpendicular to the direct line, in degrees scaled for longitude.
  const cosLat = Math.cos((a.lat * Math.PI) / 180);
  const north = b.lat - a.lat;
  const east = (b.lng - a.lng) * cosLat;
  const via = network.nearestNode(
    (a.lat + b.lat) / 2 + east * offset,
    (a.lng + b.lng) / 2 + (-north * offset) / cosLat,
  );
  if (via === fromNode || via === toNode) return { route: direct, alternative: false };
  const route = joinRoutes(network.route(fromNode, via), network.route(via, toNode));
  if (!route || route.lengthMeters > MAX_DETOUR_RATIO * direct.lengthMeters) {
    return { route: direct, alternative: false };
  }
  // A waypoint can lie on the shortest path itself (a grid has many): then nothing changed.
  return { route, alternative: !samePoints(route, direct) };
}

/**
 * Where a motorised courier parks for a stop: on the street 15–150 m (by vehicle) short of the
 * door, the nearest free spot; a car or van sometimes circles the block first (through a node
 * 50–200 m from the door, a detour of about twice that). Null for vehicles that ride to the door.
 */
export function planParking(
  network: StreetNetwork,
  stop: { lat: number; lng: number },
  vehicle: Vehicle,
  rng: Rng,
): ParkingPlan | null {
  const walk = PARKING_WALK_METERS[vehicle];
  if (!walk) return null;
  const walkMeters = rng.range(walk[0], walk[1]);
  let circleVia: number | null = null;
  if (rng.chance(CIRCLING_CHANCE[vehicle] ?? 0)) {
    const door = network.nearestNode(stop.lat, stop.lng);
    const via = nodeAround(network, [stop.lat, stop.lng], rng.range(50, 200), rng);
    if (via !== door) circleVia = via;
  }
  return { walkMeters, circleVia };
}

/** A route cut short, with the whole street its last segment lies on (the street is the same). */
export interface CutRoute extends StreetRoute {
  lastStreet: [LatLngPair, LatLngPair] | null;
}

/**
 * The route cut `meters` short of its end (at the start if it is shorter): where a vehicle
 * stops before the door. The cut point is interpolated on its segment.
 */
export function cutShort(route: StreetRoute, meters: number): CutRoute {
  const { points } = route;
  let left = meters;
  let end = points.length - 1;
  while (end > 0) {
    const d = haversineMeters(...points[end - 1]!, ...points[end]!);
    if (d > left) {
      const f = 1 - left / d;
      const [lat1, lng1] = points[end - 1]!;
      const [lat2, lng2] = points[end]!;
      const cut: LatLngPair = [lat1 + (lat2 - lat1) * f, lng1 + (lng2 - lng1) * f];
      return {
        points: [...points.slice(0, end), cut],
        segmentSpeedFactors: route.segmentSpeedFactors.slice(0, end),
        segmentRoadClasses: route.segmentRoadClasses.slice(0, end),
        lengthMeters: Math.max(0, route.lengthMeters - meters),
        lastStreet: [points[end - 1]!, points[end]!],
      };
    }
    left -= d;
    end--;
  }
  return {
    points: points.slice(0, 1),
    segmentSpeedFactors: [],
    segmentRoadClasses: [],
    lengthMeters: 0,
    lastStreet: null,
  };
}

/** Routes joined end to start (the shared point once); null if either is missing. */
export function joinRoutes(
  first: StreetRoute | null,
  second: StreetRoute | null,
): StreetRoute | null {
  if (!first || !second) return null;
  if (first.points.length === 0) return second;
  return {
    points: [...first.points, ...second.points.slice(1)],
    segmentSpeedFactors: [...first.segmentSpeedFactors, ...second.segmentSpeedFactors],
    segmentRoadClasses: [...first.segmentRoadClasses, ...second.segmentRoadClasses],
    lengthMeters: first.lengthMeters + second.lengthMeters,
  };
}

function samePoints(a: StreetRoute, b: StreetRoute): boolean {
  return (
    a.points.length === b.points.length &&
    a.points.every(([lat, lng], i) => lat === b.points[i]![0] && lng === b.points[i]![1])
  );
}

function nodeAround(network: StreetNetwork, centre: LatLngPair, meters: number, rng: Rng): number {
  const angle = rng.range(0, 2 * Math.PI);
  const lat = centre[0] + (meters * Math.cos(angle)) / 111_320;
  const lng =
    centre[1] + (meters * Math.sin(angle)) / (111_320 * Math.cos((centre[0] * Math.PI) / 180));
  return network.nearestNode(lat, lng);
}
