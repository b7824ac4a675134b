import { H3_RES, type Vehicle } from '@dispatch/shared';
import { latLngToCell } from 'h3-js';
import type { LearnedSpeeds } from './learned-speeds';
import { LearnedSpeedProvider } from './learned-speed-provider';
import { LruMap } from '../lib/lru-map';
import {
  straightLineMeters,
  type GeoPoint,
  type TravelContext,
  type TravelTimeProvider,
} from './travel-time';
import type { StreetNetwork, StreetRoute } from '../streets/network';

export interface RoadGraphProviderOptions {
  /** Node-to-node paths remembered (default 5000). */
  cacheSize?: number;
  /** Used when no path exists or an end is far from every street (default: learned great-circle). */
  fallback?: TravelTimeProvider;
  /** Speed factor on the straight bits between a point and its nearest street node (default 0.6). */
  accessSpeedFactor?: number;
  /** A point farther than this from every node is off the map: the fallback answers (default 1000 m). */
  maxSnapMeters?: number;
}

/** A path reduced to what its travel time depends on: metres per (res-7 cell, road speed factor). */
interface PathSummary {
  cells: string[];
  meters: number[];
  roadFactors: number[];
}

const EMPTY_PATH: PathSummary = { cells: [], meters: [], roadFactors: [] };
const SELF_POWERED: ReadonlySet<Vehicle> = new Set(['foot', 'bike']);

/** A vehicle's speed factor on a road class: a bike or a walker is no faster on an avenue. */
export function vehicleRoadFactor(vehicle: Vehicle, roadSpeedFactor: number): number {
  return SELF_POWERED.has(vehicle) ? Math.min(1, roadSpeedFactor) : roadSpeedFactor;
}

/**
 * Travel time along the street network: the fastest path between the nodes nearest to both
 * ends (by road-class speed factors), each stretch at the vehicle's prior speed × its road
 * factor × the learned speed ratio of the cell it lies in. Paths are cached by node pair, since
 * couriers ask about the same streets again and again.
 */
export class RoadGraphProvider implements TravelTimeProvider {
  readonly name = 'road_graph';
  private readonly cache: LruMap<number, PathSummary | null>;
  private readonly fallback: TravelTimeProvider;
  private readonly accessSpeedFactor: number;
  private readonly maxSnapMeters: number;

  constructor(
    private readonly network: StreetNetwork,
    private readonly speeds: LearnedSpeeds,
    options: RoadGraphProviderOptions = {},
  ) {
    this.cache = new LruMap(options.cacheSize ?? 5000);
    this.fallback = options.fallback ?? new LearnedSpeedProvider(speeds);
    this.accessSpeedFactor = options.accessSpeedFactor ?? 0.6;
    this.maxSnapMeters = options.maxSnapMeters ?? 1000;
    if (!(this.accessSpeedFactor > 0)) throw new RangeError('accessSpeedFactor must be positive');
  }

  travelSeconds(from: GeoPoint, to: GeoPoint, ctx: TravelContext): number {
    const a = this.network.nearestNode(from.lat, from.lng);
    const b = this.network.nearestNode(to.lat, to.lng);
    if (a < 0 || b < 0) return this.fallback.travelSeconds(from, to, ctx);
    const nodeA = this.network.node(a);
    const nodeB = this.network.node(b);
    const accessIn = straightLineMeters(from, nodeA);
    const accessOut = straightLineMeters(nodeB, to);
    if (Math.max(accessIn, accessOut) > this.maxSnapMeters) {
      return this.fallback.travelSeconds(from, to, ctx);
    }
    const path = this.path(a, b);
    if (!path) return this.fallback.travelSeconds(from, to, ctx);

    const prior = this.speeds.priorSpeedMps(ctx.vehicle);
    const bucket = this.speeds.bucketOf(ctx.departAt);
    let seconds = 0;
    for (let i = 0; i < path.cells.length; i++) {
      const ratio = this.speeds.estimate(path.cells[i]!, bucket).speedRatio;
      const factor = vehicleRoadFactor(ctx.vehicle, path.roadFactors[i]!);
      seconds += path.meters[i]! / (prior * factor * ratio);
    }
    const accessMps = prior * this.accessSpeedFactor;
    seconds += accessIn / (accessMps * this.speeds.ratioAt(from.lat, from.lng, ctx.departAt));
    seconds += accessOut / (accessMps * this.speeds.ratioAt(to.lat, to.lng, ctx.departAt));
    return seconds;
  }

  travelSecondsFrom(from: GeoPoint, targets: readonly GeoPoint[], ctx: TravelContext): number[] {
    return targets.map((to) => this.travelSeconds(from, to, ctx));
  }

  private path(a: number, b: number): PathSummary | null {
    const key = a * this.network.nodeCount + b;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const summary = a === b ? EMPTY_PATH : summarise(this.network.route(a, b));
    this.cache.set(key, summary);
    return summary;
  }
}

function summarise(route: StreetRoute | null): PathSummary | null {
  if (!route) return null;
  const groups = new Map<string, number>();
  const summary: PathSummary = { cells: [], meters: [], roadFactors: [] };
  for (let i = 0; i + 1 < route.points.length; i++) {
    const [lat1, lng1] = route.points[i]!;
    const [lat2, lng2] = route.points[i + 1]!;
    const cell = latLngToCell((lat1 + lat2) / 2, (lng1 + lng2) / 2, H3_RES.area);
    const roadFactor = route.segmentSpeedFactors[i]!;
    const meters = straightLineMeters({ lat: lat1, lng: lng1 }, { lat: lat2, lng: lng2 });
    const key = `${cell}/${roadFactor}`;
    const at = groups.get(key);
    if (at === undefined) {
      groups.set(key, summary.cells.length);
      summary.cells.push(cell);
      summary.meters.push(meters);
      summary.roadFactors.push(roadFactor);
    } else {
      summary.meters[at]! += meters;
    }
  }
  return summary;
}
