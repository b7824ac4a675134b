import { assertHierarchyArrays, type ContractionHierarchyArrays } from './ch-arrays';
import { UpwardSearch } from './ch-upward-search';
import { CLASS_SPEED_FACTORS, type CsrStreetNetwork } from './csr-network';
import { ROAD_CLASSES, type LatLngPair, type StreetRoute } from './network';

/** A fastest path found through the hierarchy, unpacked to street segments. */
export interface StreetPath {
  /** Metres ÷ road speed factor (the metric A* uses): residential-equivalent metres. */
  cost: number;
  /** Network node indices from start to end. */
  nodes: number[];
  /** `edges[i]` is the CSR edge joining `nodes[i]` and `nodes[i + 1]` (stored in either direction). */
  edges: number[];
}

/**
 * Fastest paths on a street network through its contraction hierarchy: point to point by a
 * bidirectional upward search, and one to many by one upward search from the origin that each
 * target's upward search meets. The graph is undirected, so one-to-many also answers
 * many-to-one (many couriers to one stop). Searches reuse their buffers: not re-entrant, one
 * instance per thread.
 */
export class ContractionHierarchy {
  private readonly forward: UpwardSearch;
  private readonly backward: UpwardSearch;

  constructor(
    readonly network: CsrStreetNetwork,
    readonly arrays: ContractionHierarchyArrays,
  ) {
    assertHierarchyArrays(arrays, network.nodeCount);
    this.forward = new UpwardSearch(arrays);
    this.backward = new UpwardSearch(arrays);
  }

  /** Cost of the fastest path between two nodes; Infinity when none joins them. */
  costBetween(fromNode: number, toNode: number): number {
    return this.meetBetween(fromNode, toNode).cost;
  }

  /** The fastest path between two nodes, unpacked; null when none joins them. */
  pathBetween(fromNode: number, toNode: number): StreetPath | null {
    const { cost, meet } = this.meetBetween(fromNode, toNode);
    return meet < 0 ? null : this.unpack(cost, meet);
  }

  /** Like `CsrStreetNetwork.route`, answered by the hierarchy. */
  route(fromNode: number, toNode: number): StreetRoute | null {
    const path = this.pathBetween(fromNode, toNode);
    return path && this.routeOf(path);
  }

  /** Costs from one node to each target (Infinity where unreachable), in the targets' order. */
  costsFrom(origin: number, targets: ArrayLike<number>): Float64Array {
    const costs = new Float64Array(targets.length);
    this.eachFrom(origin, targets, (i, cost) => (costs[i] = cost));
    return costs;
  }

  /** Unpacked fastest paths from one node to each target (null where unreachable). */
  pathsFrom(origin: number, targets: ArrayLike<number>): (StreetPath | null)[] {
    const paths: (StreetPath | null)[] = [];
    this.eachFrom(origin, targets, (i, cost, meet) => {
      paths[i] = meet < 0 ? null : this.unpack(cost, meet);
    });
    return paths;
  }

  /** Turns a path into points and per-segment speed factors. */
  routeOf(path: StreetPath): StreetRoute {
    const { lats, lngs, lengthsMeters, classes } = this.network.arrays;
    const points: LatLngPair[] = path.nodes.map((v) => [lats[v]!, lngs[v]!]);
    let lengthMeters = 0;
    const segmentSpeedFactors = path.edges.map((e) => {
      lengthMeters += lengthsMeters[e]!;
      return CLASS_SPEED_FACTORS[classes[e]!]!;
    });
    const segmentRoadClasses = path.edges.map((e) => ROAD_CLASSES[classes[e]!]!);
    return { points, segmentSpeedFactors, segmentRoadClasses, lengthMeters };
  }

  private meetBetween(fromNode: number, toNode: number): { cost: number; meet: number } {
    const { forward, backward } = this;
    forward.reset(this.rankOf(fromNode));
    backward.reset(this.rankOf(toNode));
    let best = Infinity;
    let meet = -1;
    for (;;) {
      const forwardKey = forward.nextKey();
      const backwardKey = backward.nextKey();
      if (forwardKey >= best && backwardKey >= best) break;
      const forwardTurn = forwardKey <= backwardKey;
      const side = forwardTurn ? forward : backward;
      const other = forwardTurn ? backward : forward;
      const x = side.settleNext();
      if (x < 0 || !other.has(x)) continue;
      const cost = side.dist[x]! + other.dist[x]!;
      if (cost < best) {
        best = cost;
        meet = x;
      }
    }
    return { cost: best, meet };
  }

  /**
   * Runs the origin's whole upward search once, then for each target an upward search that
   * stops once it cannot beat the best meeting found; `found` sees each target's cost and
   * meeting rank (-1 when unreachable) while the backward search still holds its parents.
   */
  private eachFrom(
    origin: number,
    targets: ArrayLike<number>,
    found: (index: number, cost: number, meet: number) => void,
  ): void {
    if (targets.length === 0) return;
    const { forward, backward } = this;
    forward.reset(this.rankOf(origin));
    forward.runToEnd();
    for (let i = 0; i < targets.length; i++) {
      backward.reset(this.rankOf(targets[i]!));
      let best = Infinity;
      let meet = -1;
      while (backward.nextKey() < best) {
        const x = backward.settleNext();
        if (x < 0 || !forward.has(x)) continue;
        const cost = forward.dist[x]! + backward.dist[x]!;
        if (cost < best) {
          best = cost;
          meet = x;
        }
      }
      found(i, best, meet);
    }
  }

  /** The path through rank `meet`: the forward search's parents up to it, the backward's down. */
  private unpack(cost: number, meet: number): StreetPath {
    const { forward, backward } = this;
    const upChain: number[] = []; // ranks from the meeting node down to the origin
    for (let x = meet; x >= 0; x = forward.parentRank[x]!) upChain.push(x);
    const path: StreetPath = { cost, nodes: [this.arrays.nodeOfRank[upChain.at(-1)!]!], edges: [] };
    for (let i = upChain.length - 1; i > 0; i--) {
      const upper = upChain[i - 1]!;
      this.unpackEdge(forward.parentEdge[upper]!, upChain[i]!, upper, path);
    }
    for (let x = meet; backward.parentRank[x]! >= 0; x = backward.parentRank[x]!) {
      this.unpackEdge(backward.parentEdge[x]!, x, backward.parentRank[x]!, path);
    }
    return path;
  }

  /** Appends the street segments of an edge walked from rank `a` to rank `b`. */
  private unpackEdge(edge: number, a: number, b: number, path: StreetPath): void {
    const street = this.arrays.upStreetEdges[edge]!;
    if (street >= 0) {
      path.edges.push(street);
      path.nodes.push(this.arrays.nodeOfRank[b]!);
      return;
    }
    const middle = this.arrays.upMiddles[edge]!;
    this.unpackEdge(this.upEdgeBetween(middle, a), a, middle, path);
    this.unpackEdge(this.upEdgeBetween(middle, b), middle, b, path);
  }

  /** The upward edge from rank `lower` to rank `upper`; contraction leaves exactly one. */
  private upEdgeBetween(lower: number, upper: number): number {
    const { upOffsets, upTargets } = this.arrays;
    for (let e = upOffsets[lower]!; e < upOffsets[lower + 1]!; e++) {
      if (upTargets[e] === upper) return e;
    }
    throw new Error(`no upward edge from rank ${lower} to ${upper}: the hierarchy is inconsistent`);
  }

  private rankOf(node: number): number {
    if (!Number.isInteger(node) || node < 0 || node >= this.network.nodeCount) {
      throw new RangeError(`node index ${node} is outside 0..${this.network.nodeCount - 1}`);
    }
    return this.arrays.rankOfNode[node]!;
  }
}
