import type { Rng } from '../lib/rng';
import { MinHeap } from '../lib/min-heap';
import type { LocalProjection } from './projection';
import { PointGrid } from './spatial-index';
import { streetLines, type StreetNames } from './street-lines';
import {
  ROAD_CLASSES,
  ROAD_SPEED_FACTOR,
  type BBox,
  type LatLngPair,
  type RoadClass,
  type StreetEdge,
  type StreetGeoJSON,
  type StreetNetwork,
  type StreetNode,
  type StreetRoute,
} from './network';

/** The arrays a network is made of: nodes, and both directions of each edge in compressed rows. */
export interface CsrArrays {
  ids: Float64Array;
  lats: Float64Array;
  lngs: Float64Array;
  /** Edges of node i are `offsets[i] .. offsets[i+1]-1` in the edge arrays. */
  offsets: Uint32Array;
  targets: Uint32Array;
  lengthsMeters: Float64Array;
  /** Index into ROAD_CLASSES. */
  classes: Uint8Array;
}

/** Road speed factor of each class index in `CsrArrays.classes`. */
export const CLASS_SPEED_FACTORS = Float64Array.from(ROAD_CLASSES, (c) => ROAD_SPEED_FACTOR[c]);

/** A street network over compressed adjacency arrays, with A* routing on reused buffers. */
export class CsrStreetNetwork implements StreetNetwork {
  readonly nodeCount: number;
  readonly edgeCount: number;
  readonly bbox: BBox;
  private readonly xs: Float64Array;
  private readonly ys: Float64Array;
  private readonly grid: PointGrid;
  private readonly maxSpeedFactor: number;
  // A* scratch space, reused across queries; `stamp` marks which entries belong to this query.
  private readonly cost: Float64Array;
  private readonly cameFrom: Int32Array;
  private readonly seen: Uint32Array;
  private readonly closed: Uint32Array;
  private readonly heap = new MinHeap();
  private stamp = 0;

  constructor(
    private readonly a: CsrArrays,
    /** Projects lat/lng to the metres the nearest-node grid works in. */
    readonly projection: LocalProjection,
    /** Street names per edge, for the map's labels (none on a generated grid or a worker's copy). */
    private readonly names: StreetNames | null = null,
  ) {
    const n = a.ids.length;
    this.nodeCount = n;
    this.edgeCount = a.targets.length / 2;
    this.xs = a.lngs.map((lng) => projection.toX(lng));
    this.ys = a.lats.map((lat) => projection.toY(lat));
    this.grid = new PointGrid(this.xs, this.ys);
    let south = Infinity;
    let north = -Infinity;
    let west = Infinity;
    let east = -Infinity;
    for (let i = 0; i < n; i++) {
      south = Math.min(south, a.lats[i]!);
      north = Math.max(north, a.lats[i]!);
      west = Math.min(west, a.lngs[i]!);
      east = Math.max(east, a.lngs[i]!);
    }
    this.bbox = { west, south, east, north };
    let maxFactor = 1;
    for (const c of a.classes) maxFactor = Math.max(maxFactor, CLASS_SPEED_FACTORS[c]!);
    this.maxSpeedFactor = maxFactor;
    this.cost = new Float64Array(n);
    this.cameFrom = new Int32Array(n);
    this.seen = new Uint32Array(n);
    this.closed = new Uint32Array(n);
  }

  /** The underlying arrays, read-only by contract: contraction and sharing read them, nothing writes. */
  get arrays(): Readonly<CsrArrays> {
    return this.a;
  }

  node(index: number): StreetNode {
    this.assertNode(index);
    return { id: this.a.ids[index]!, lat: this.a.lats[index]!, lng: this.a.lngs[index]! };
  }

  edges(index: number): StreetEdge[] {
    this.assertNode(index);
    const out: StreetEdge[] = [];
    for (let e = this.a.offsets[index]!; e < this.a.offsets[index + 1]!; e++) {
      const cls = this.a.classes[e]!;
      out.push({
        to: this.a.targets[e]!,
        lengthMeters: this.a.lengthsMeters[e]!,
        roadClass: ROAD_CLASSES[cls]!,
        speedFactor: CLASS_SPEED_FACTORS[cls]!,
      });
    }
    return out;
  }

  nearestNode(lat: number, lng: number): number {
    return this.grid.nearest(this.projection.toX(lng), this.projection.toY(lat));
  }

  randomNode(rng: Rng): number {
    return rng.int(0, this.nodeCount - 1);
  }

  shortestPath(fromNode: number, toNode: number): LatLngPair[] {
    return this.route(fromNode, toNode)?.points ?? [];
  }

  route(fromNode: number, toNode: number): StreetRoute | null {
    this.assertNode(fromNode);
    this.assertNode(toNode);
    if (!this.search(fromNode, toNode)) return null;
    const nodes: number[] = [];
    for (let v = toNode; v !== -1; v = this.cameFrom[v]!) nodes.push(v);
    nodes.reverse();
    const points: LatLngPair[] = nodes.map((v) => [this.a.lats[v]!, this.a.lngs[v]!]);
    const segmentSpeedFactors: number[] = [];
    const segmentRoadClasses: RoadClass[] = [];
    let lengthMeters = 0;
    for (let i = 0; i + 1 < nodes.length; i++) {
      const e = this.edgeBetween(nodes[i]!, nodes[i + 1]!);
      lengthMeters += this.a.lengthsMeters[e]!;
      segmentSpeedFactors.push(CLASS_SPEED_FACTORS[this.a.classes[e]!]!);
      segmentRoadClasses.push(ROAD_CLASSES[this.a.classes[e]!]!);
    }
    return { points, segmentSpeedFactors, segmentRoadClasses, lengthMeters };
  }

  /** The streets as whole lines (segments joined where a street goes on), with class and name. */
  toGeoJSON(): StreetGeoJSON {
    return streetLines(this.a, this.names);
  }

  /** A* on cost = length / speed factor; the straight line at top speed keeps the heuristic admissible. */
  private search(source: number, target: number): boolean {
    const stamp = this.nextStamp();
    const { offsets, targets, lengthsMeters, classes } = this.a;
    const tx = this.xs[target]!;
    const ty = this.ys[target]!;
    // 0.995 absorbs the projection's tiny error against haversine edge lengths.
    const hScale = 0.995 / this.maxSpeedFactor;
    const xs = this.xs;
    const ys = this.ys;
    const heuristic = (v: number): number => {
      const dx = xs[v]! - tx;
      const dy = ys[v]! - ty;
      return Math.sqrt(dx * dx + dy * dy) * hScale;
    };
    this.heap.clear();
    this.seen[source] = stamp;
    this.cost[source] = 0;
    this.cameFrom[source] = -1;
    this.heap.push(source, heuristic(source));
    const { seen, closed, cost, cameFrom, heap } = this;
    while (heap.size > 0) {
      const v = heap.pop();
      if (v === target) return true;
      if (closed[v] === stamp) continue; // a stale duplicate entry
      closed[v] = stamp;
      const base = cost[v]!;
      for (let e = offsets[v]!; e < offsets[v + 1]!; e++) {
        const w = targets[e]!;
        if (closed[w] === stamp) continue;
        const c = base + lengthsMeters[e]! / CLASS_SPEED_FACTORS[classes[e]!]!;
        if (seen[w] !== stamp || c < cost[w]!) {
          seen[w] = stamp;
          cost[w] = c;
          cameFrom[w] = v;
          heap.push(w, c + heuristic(w));
        }
      }
    }
    return false;
  }

  /** The cheapest edge from v to w (parallel edges are possible in OSM data). */
  private edgeBetween(v: number, w: number): number {
    let best = -1;
    let bestCost = Infinity;
    for (let e = this.a.offsets[v]!; e < this.a.offsets[v + 1]!; e++) {
      if (this.a.targets[e] !== w) continue;
      const c = this.a.lengthsMeters[e]! / CLASS_SPEED_FACTORS[this.a.classes[e]!]!;
      if (c < bestCost) {
        bestCost = c;
        best = e;
      }
    }
    return best;
  }

  private nextStamp(): number {
    if (this.stamp === 0xffffffff) {
      this.seen.fill(0);
      this.closed.fill(0);
      this.stamp = 0;
    }
    return ++this.stamp;
  }

  private assertNode(index: number): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.nodeCount) {
      throw new RangeError(`node index ${index} is outside 0..${this.nodeCount - 1}`);
    }
  }
}
