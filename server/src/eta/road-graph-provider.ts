import { H3_RES } from '@dispatch/shared';
import { latLngToCell } from 'h3-js';
import type { LearnedSpeeds } from './learned-speeds';
import { LearnedSpeedProvider } from './learned-speed-provider';
import { LruMap } from '../lib/lru-map';
import {
  typicalFactorOf,
  typicalRoadFactors,
  vehicleRoadFactor,
  type TypicalRoadFactors,
} from './road-factors';
import {
  straightLineMeters,
  type GeoPoint,
  type TravelContext,
  type TravelTimeProvider,
} from './travel-time';
import type { ContractionHierarchy } from '../streets/ch-query';
import { buildContractionHierarchy } from '../streets/contraction';
import { CsrStreetNetwork } from '../streets/csr-network';
import type { StreetNetwork } from '../streets/network';
import { PathCellSummariser, summariseRoute, type PathCellSummary } from '../streets/path-cells';
import {
  roadGraphFromArrays,
  shareRoadGraph,
  type RoadGraphArrays,
} from '../streets/road-graph-arrays';

export interface RoadGraphProviderOptions {
  /** Path summaries remembered (default 5000). */
  cacheSize?: number;
  /** Used when no path exists or an end is far from every street (default: learned great-circle). */
  fallback?: TravelTimeProvider;
  /** Speed factor on the straight bits between a point and its nearest street node (default 0.6). */
  accessSpeedFactor?: number;
  /** A point farther than this from every node is off the map: the fallback answers (default 1000 m). */
  maxSnapMeters?: number;
  /**
   * The network's contraction hierarchy, when already built (e.g. from shared arrays). Without
   * it one is built in the constructor for a `CsrStreetNetwork`; any other network is searched
   * pair by pair with its own `route`.
   */
  hierarchy?: ContractionHierarchy;
  /**
   * Snapped ends at least this far apart (straight line) share one cached path per pair of
   * res-9 cells; nearer ones are cached per node pair, exactly (default 1500 m, at least 500 m;
   * Infinity caches by node pair only).
   */
  cellPairMinMeters?: number;
  /** The road factors of a typical trip, when already known (e.g. from another thread's provider). */
  typicalRoadFactors?: TypicalRoadFactors;
}

/** Where a point joins the streets: its nearest node and the straight walk or ride to it. */
interface Snap {
  node: number;
  accessMeters: number;
}

/** Wider than any res-9 cell (≤ ~400 m across), so two nodes of one cell never share a cell key. */
const MIN_CELL_PAIR_METERS = 500;
const EMPTY_PATH: PathCellSummary = { cells: [], meters: [], roadFactors: [] };

/**
 * Travel time along the street network: the fastest path between the nodes nearest to both
 * ends (by road-class speed factors, found in a contraction hierarchy: one search per origin
 * for all its targets), each stretch at the vehicle's prior speed × its road factor against a
 * typical trip's (`typicalRoadFactors`) × the learned speed ratio of the res-7 cell it lies in,
 * plus the straight access legs from the actual points to their nodes. The prior and the ratios
 * are speeds on the streets couriers drive, already a mix of road classes: a path of the usual
 * mix runs at them, one along an avenue faster, one through side streets slower.
 *
 * Paths are cached as per-cell summaries and re-timed with the current ratios on every call;
 * the access legs are always computed from the actual points. The cache key is chosen by how
 * far apart the snapped nodes are:
 * - nearer than `cellPairMinMeters` (1.5 km): the node pair. Exact.
 * - farther: the pair of res-9 cells of the two nodes (~175 m a side, ~350 m across). Couriers
 *   on the move change node every few seconds but cell only every half minute or so, so this is
 *   what keeps the cache useful for them. The first pair of nodes asked about stands for every
 *   pair in the same two cells, off by at most the drive between the two nodes inside each
 *   end's cell (triangle inequality): ≤ ~350 m straight per end on a connected street grid, more
 *   only where the streets inside a cell do not join (a river, a motorway, a gated block).
 *   Measured on the Campo Grande extract (a random other node in each cell, car, pairs
 *   ≥ 1.5 km apart): |error| median 17 s, p90 49 s, p99 147 s (2 % / 9 % / 27 % of the trip);
 *   in the simulator's ETA evaluation there (seeds 1–3) the MAE did not change (65 → 64 s,
 *   77 → 76 s, 73 → 73 s), since a courier's cached pair is mostly its own nearby earlier node.
 * Near pairs are never keyed by cell: two nodes of one cell would share one (often empty) path.
 * The graph is undirected, so A→B and B→A share an entry.
 */
export class RoadGraphProvider implements TravelTimeProvider {
  readonly name = 'road_graph';
  /** The hierarchy paths are found in; null when the network is not a `CsrStreetNetwork`. */
  readonly hierarchy: ContractionHierarchy | null;
  private readonly cache: LruMap<number | string, PathCellSummary | null>;
  private readonly fallback: TravelTimeProvider;
  private readonly accessSpeedFactor: number;
  private readonly maxSnapMeters: number;
  private readonly cellPairMinMeters: number;
  private readonly summariser: PathCellSummariser | null;
  private readonly nodeCells = new Map<number, string>();
  private shared: RoadGraphArrays | null = null;
  private typical: TypicalRoadFactors | null;

  /**
   * The network and hierarchy on shared memory, for a worker thread to build the same provider
   * with `fromSharedGraph`; null when there is no hierarchy. Copied once, then reused.
   */
  sharedGraph(): RoadGraphArrays | null {
    if (!this.hierarchy) return null;
    this.shared ??= shareRoadGraph(this.hierarchy.network, this.hierarchy);
    return this.shared;
  }

  /** A provider over a graph shared by another thread (`shareRoadGraph`); nothing is recomputed. */
  static fromSharedGraph(
    arrays: RoadGraphArrays,
    speeds: LearnedSpeeds,
    options: Omit<RoadGraphProviderOptions, 'hierarchy'> = {},
  ): RoadGraphProvider {
    const { network, hierarchy } = roadGraphFromArrays(arrays);
    return new RoadGraphProvider(network, speeds, { ...options, hierarchy });
  }

  constructor(
    private readonly network: StreetNetwork,
    private readonly speeds: LearnedSpeeds,
    options: RoadGraphProviderOptions = {},
  ) {
    this.cache = new LruMap(options.cacheSize ?? 5000);
    this.fallback = options.fallback ?? new LearnedSpeedProvider(speeds);
    this.accessSpeedFactor = options.accessSpeedFactor ?? 0.6;
    this.maxSnapMeters = options.maxSnapMeters ?? 1000;
    this.cellPairMinMeters = options.cellPairMinMeters ?? 1500;
    if (!(this.accessSpeedFactor > 0)) throw new RangeError('accessSpeedFactor must be positive');
    if (!(this.cellPairMinMeters >= MIN_CELL_PAIR_METERS)) {
      throw new RangeError(
        `cellPairMinMeters must be at least ${MIN_CELL_PAIR_METERS}: nearer nodes can share a cell`,
      );
    }
    if (options.hierarchy && options.hierarchy.network !== network) {
      throw new RangeError('the contraction hierarchy belongs to another network');
    }
    this.hierarchy =
      options.hierarchy ??
      (network instanceof CsrStreetNetwork ? buildContractionHierarchy(network) : null);
    this.summariser = this.hierarchy && new PathCellSummariser(this.hierarchy.network, H3_RES.area);
    this.typical = options.typicalRoadFactors ?? null;
  }

  /** The road factors of a typical trip on this network, sampled once when first needed. */
  typicalRoadFactors(): TypicalRoadFactors {
    this.typical ??= typicalRoadFactors(this.network, (a, b) => this.search(a, [b])[0]!);
    return this.typical;
  }

  travelSeconds(from: GeoPoint, to: GeoPoint, ctx: TravelContext): number {
    return this.travelSecondsFrom(from, [to], ctx)[0]!;
  }

  travelSecondsFrom(from: GeoPoint, targets: readonly GeoPoint[], ctx: TravelContext): number[] {
    return this.timesAround(from, targets, ctx, 'from');
  }

  /** Many origins to one destination (couriers to a stop), in the origins' order: one search. */
  travelSecondsTo(origins: readonly GeoPoint[], to: GeoPoint, ctx: TravelContext): number[] {
    return this.timesAround(to, origins, ctx, 'to');
  }

  /** Times between one point and many, each way round the same on an undirected graph. */
  private timesAround(
    hub: GeoPoint,
    others: readonly GeoPoint[],
    ctx: TravelContext,
    direction: 'from' | 'to',
  ): number[] {
    const hubSnap = this.snap(hub);
    const snaps = others.map((p) => this.snap(p));
    const paths = hubSnap ? this.summariesFrom(hubSnap.node, snaps) : [];
    const prior = this.speeds.priorSpeedMps(ctx.vehicle);
    const typical = typicalFactorOf(this.typicalRoadFactors(), ctx.vehicle);
    const bucket = this.speeds.bucketOf(ctx.departAt);
    const ratios = new Map<string, number>();
    const ratioOf = (cell: string): number => {
      let ratio = ratios.get(cell);
      if (ratio === undefined) {
        ratio = this.speeds.estimate(cell, bucket, ctx.vehicle).speedRatio;
        ratios.set(cell, ratio);
      }
      return ratio;
    };
    const accessMps = prior * this.accessSpeedFactor;
    const accessSeconds = (p: GeoPoint, snap: Snap): number =>
      snap.accessMeters /
      (accessMps * this.speeds.ratioAt(p.lat, p.lng, ctx.departAt, ctx.vehicle));
    const hubAccess = hubSnap ? accessSeconds(hub, hubSnap) : 0;
    return others.map((other, i) => {
      const snap = snaps[i];
      const path = paths[i];
      if (!hubSnap || !snap || !path) {
        return direction === 'from'
          ? this.fallback.travelSeconds(hub, other, ctx)
          : this.fallback.travelSeconds(other, hub, ctx);
      }
      let seconds = 0;
      for (let k = 0; k < path.cells.length; k++) {
        const factor = vehicleRoadFactor(ctx.vehicle, path.roadFactors[k]!) / typical;
        seconds += path.meters[k]! / (prior * factor * ratioOf(path.cells[k]!));
      }
      return seconds + hubAccess + accessSeconds(other, snap);
    });
  }

  /** The nearest node and the straight distance to it; null when the point is off the map. */
  private snap(point: GeoPoint): Snap | null {
    const node = this.network.nearestNode(point.lat, point.lng);
    if (node < 0) return null;
    const accessMeters = straightLineMeters(point, this.network.node(node));
    return accessMeters > this.maxSnapMeters ? null : { node, accessMeters };
  }

  /**
   * Summaries of the paths from node `a` to each snapped end (undefined where the end is off
   * the map, null where no path exists), searching once for every end the cache misses.
   */
  private summariesFrom(
    a: number,
    ends: readonly (Snap | null)[],
  ): (PathCellSummary | null | undefined)[] {
    const out: (PathCellSummary | null | undefined)[] = [];
    const keys: (number | string)[] = [];
    const missAt = new Map<number | string, number>();
    const missNodes: number[] = [];
    ends.forEach((end, i) => {
      if (!end) return;
      if (end.node === a) {
        out[i] = EMPTY_PATH;
        return;
      }
      const key = this.cacheKey(a, end.node);
      keys[i] = key;
      const cached = this.cache.get(key);
      if (cached !== undefined) out[i] = cached;
      else if (!missAt.has(key)) missAt.set(key, missNodes.push(end.node) - 1);
    });
    if (missNodes.length === 0) return out;
    const found = this.search(a, missNodes);
    for (const [key, at] of missAt) {
      const summary = found[at]!;
      // No path between two nodes says nothing about other nodes of the same cells.
      if (summary !== null || typeof key === 'number') this.cache.set(key, summary);
    }
    ends.forEach((end, i) => {
      if (end && out[i] === undefined) out[i] = found[missAt.get(keys[i]!)!]!;
    });
    return out;
  }

  /** Node pair when near (exact), pair of res-9 cells when far; unordered either way. */
  private cacheKey(a: number, b: number): number | string {
    const lo = Math.min(a, b);
    const hi = Math.max(a, b);
    const far =
      this.cellPairMinMeters < Infinity &&
      straightLineMeters(this.network.node(lo), this.network.node(hi)) >= this.cellPairMinMeters;
    if (!far) return lo * this.network.nodeCount + hi;
    const cellLo = this.nodeCell(lo);
    const cellHi = this.nodeCell(hi);
    return cellLo < cellHi ? `${cellLo}>${cellHi}` : `${cellHi}>${cellLo}`;
  }

  private nodeCell(node: number): string {
    let cell = this.nodeCells.get(node);
    if (cell === undefined) {
      const { lat, lng } = this.network.node(node);
      cell = latLngToCell(lat, lng, H3_RES.courier);
      this.nodeCells.set(node, cell);
    }
    return cell;
  }

  private search(a: number, targets: readonly number[]): (PathCellSummary | null)[] {
    const { hierarchy, summariser } = this;
    if (!hierarchy || !summariser) {
      return targets.map((b) => {
        const route = this.network.route(a, b);
        return route && summariseRoute(route, H3_RES.area);
      });
    }
    const paths =
      targets.length === 1
        ? [hierarchy.pathBetween(a, targets[0]!)]
        : hierarchy.pathsFrom(a, targets);
    return paths.map((path) => path && summariser.summarise(path));
  }
}
