import type { Vehicle } from '@dispatch/shared';
import type { GeoPoint } from '../../eta';
import type { RoutingNode, RoutingProblem, RoutingVehicle } from '../routing';
import type { TravelCalibration } from './travel-calibration';

/** A courier that can take planned work; times are epoch ms. */
export interface PlanCourier {
  vehicle: Vehicle;
  /** Where the planned work starts: its position, the hub, or its last open stop. */
  start: GeoPoint;
  /** When it can set off from `start`. */
  departAt: number;
  shiftEnd: number;
  capacity: number;
  /** Demand already on board or promised to stops it keeps ahead of the plan. */
  usedLoad: number;
  /** Stops it keeps ahead of the plan (the one it is driving to or serving), counted for balance. */
  openStops: number;
}

/** One visit to plan; times are epoch ms. */
export interface PlanVisit {
  lat: number;
  lng: number;
  windowStart: number;
  windowEnd: number;
  serviceSeconds: number;
  demand: number;
}

/** A stop to plan, with the visit the same courier makes right after it, if any (a shop order's drop-off). */
export interface PlanStop extends PlanVisit {
  then?: PlanVisit | undefined;
  /** Index of the courier this stop must stay with (already on its route); its place may change. */
  pinnedTo?: number | undefined;
}

const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/**
 * The routing problem of a plan, in seconds from `origin`: node i < couriers.length is courier
 * i's start, node couriers.length + k is stop k. Travel is straight-line metres scaled by the
 * calibration (the fastest vehicle; each courier's own `travelFactor` on top), and the planner
 * minimises that same travel time. A stop with a follow-up visit is one node: arriving at the
 * first place, leaving from the second, its service covering both visits and the trip between
 * (at the fastest vehicle's pace), its window the part of both windows it can start in.
 */
export function buildPlanProblem(
  couriers: readonly PlanCourier[],
  stops: readonly PlanStop[],
  calibration: TravelCalibration,
  origin: number,
  maxStops: readonly number[],
): RoutingProblem {
  const entry: GeoPoint[] = [...couriers.map((c) => c.start), ...stops];
  const exit: GeoPoint[] = [...couriers.map((c) => c.start), ...stops.map((s) => s.then ?? s)];
  const n = entry.length;
  const spm = calibration.secondsPerMeter;
  const travel = new Float64Array(n * n);
  const exitX = new Float64Array(n);
  const exitY = new Float64Array(n);
  const entryX = new Float64Array(n);
  const entryY = new Float64Array(n);
  // A local equirectangular projection: exact enough within a city, and no trigonometry per pair.
  const midLat = entry.reduce((sum, p) => sum + p.lat, 0) / Math.max(1, n);
  const xScale = EARTH_RADIUS_M * RAD * Math.cos(midLat * RAD);
  const yScale = EARTH_RADIUS_M * RAD;
  for (let i = 0; i < n; i++) {
    entryX[i] = entry[i]!.lng * xScale;
    entryY[i] = entry[i]!.lat * yScale;
    exitX[i] = exit[i]!.lng * xScale;
    exitY[i] = exit[i]!.lat * yScale;
  }
  for (let i = 0; i < n; i++) {
    const x = exitX[i]!;
    const y = exitY[i]!;
    const row = i * n;
    for (let j = 0; j < n; j++) {
      travel[row + j] = i === j ? 0 : Math.hypot(entryX[j]! - x, entryY[j]! - y) * spm;
    }
  }
  const seconds = (ms: number) => (ms - origin) / 1000;
  const nodes: RoutingNode[] = [
    ...couriers.map(() => ({ windowStart: 0, windowEnd: Infinity, serviceTime: 0, demand: 0 })),
    ...stops.map((stop) => stopNode(stop, spm, seconds)),
  ];
  const vehicles: RoutingVehicle[] = couriers.map((c, i) => ({
    startNode: i,
    capacity: c.capacity,
    usedLoad: c.usedLoad,
    earliestDeparture: seconds(c.departAt),
    latestEnd: seconds(c.shiftEnd),
    travelFactor: calibration.factor[c.vehicle],
    maxStops: maxStops[i]!,
  }));
  const pins = stops.flatMap((stop, k) =>
    stop.pinnedTo === undefined ? [] : [{ stop: couriers.length + k, vehicle: stop.pinnedTo }],
  );
  return {
    nodes,
    stops: stops.map((_, k) => couriers.length + k),
    vehicles,
    travelTimes: travel,
    distances: travel,
    pins,
  };
}

function stopNode(stop: PlanStop, secondsPerMeter: number, seconds: (ms: number) => number) {
  const { then } = stop;
  if (!then) {
    return {
      windowStart: seconds(stop.windowStart),
      windowEnd: seconds(stop.windowEnd),
      serviceTime: stop.serviceSeconds,
      demand: stop.demand,
    };
  }
  const between = stop.serviceSeconds + equirectangularMeters(stop, then) * secondsPerMeter;
  return {
    windowStart: Math.max(seconds(stop.windowStart), seconds(then.windowStart) - between),
    windowEnd: Math.min(seconds(stop.windowEnd), seconds(then.windowEnd) - between),
    serviceTime: between + then.serviceSeconds,
    demand: Math.max(stop.demand, then.demand),
  };
}

function equirectangularMeters(a: GeoPoint, b: GeoPoint): number {
  const x = (b.lng - a.lng) * RAD * Math.cos(((a.lat + b.lat) / 2) * RAD);
  const y = (b.lat - a.lat) * RAD;
  return Math.hypot(x, y) * EARTH_RADIUS_M;
}
