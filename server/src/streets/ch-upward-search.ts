import { MinHeap } from '../lib/min-heap';
import type { ContractionHierarchyArrays } from './ch-arrays';

/**
 * Dijkstra over the upward edges of a contraction hierarchy from one node (by rank), settled one
 * node at a time so two of them can run interleaved. Buffers are reused across searches; `stamp`
 * marks the entries that belong to the current one.
 */
export class UpwardSearch {
  readonly dist: Float64Array;
  /** The upward edge a node was last reached by; -1 at the source. */
  readonly parentEdge: Int32Array;
  /** The rank the node was reached from; -1 at the source. */
  readonly parentRank: Int32Array;
  private readonly reached: Uint32Array;
  private readonly heap = new MinHeap();
  private stamp = 0;

  constructor(private readonly h: ContractionHierarchyArrays) {
    const n = h.nodeOfRank.length;
    this.dist = new Float64Array(n);
    this.parentEdge = new Int32Array(n);
    this.parentRank = new Int32Array(n);
    this.reached = new Uint32Array(n);
  }

  /** Starts a new search from `source` (a rank). */
  reset(source: number): void {
    if (this.stamp === 0xffffffff) {
      this.reached.fill(0);
      this.stamp = 0;
    }
    const stamp = ++this.stamp;
    this.heap.clear();
    this.reached[source] = stamp;
    this.dist[source] = 0;
    this.parentEdge[source] = -1;
    this.parentRank[source] = -1;
    this.heap.push(source, 0);
  }

  /** Whether the current search has a (tentative) distance for a rank. */
  has(rank: number): boolean {
    return this.reached[rank] === this.stamp;
  }

  /** A lower bound on the distance of the next node to settle; Infinity when the search is done. */
  nextKey(): number {
    return this.heap.peekKey();
  }

  /** Runs until no node is left to settle. */
  runToEnd(): void {
    while (this.heap.size > 0) this.settleNext();
  }

  /**
   * Settles the closest node and relaxes its upward edges; returns its rank, or -1 for a stale
   * heap entry. A node that a higher node already reaches more cheaply is "stalled": it cannot
   * be on a shortest up-path, so its edges are not relaxed (stall-on-demand).
   */
  settleNext(): number {
    const key = this.heap.peekKey();
    const x = this.heap.pop();
    const { dist, reached, parentEdge, parentRank, heap, stamp } = this;
    if (key > dist[x]!) return -1;
    const { upOffsets, upTargets, upCosts } = this.h;
    const first = upOffsets[x]!;
    const end = upOffsets[x + 1]!;
    // The graph is undirected, so an upward edge x–y is also the downward edge y→x.
    for (let e = first; e < end; e++) {
      const y = upTargets[e]!;
      if (reached[y] === stamp && dist[y]! + upCosts[e]! < key) return x;
    }
    for (let e = first; e < end; e++) {
      const y = upTargets[e]!;
      const c = key + upCosts[e]!;
      if (reached[y] !== stamp || c < dist[y]!) {
        reached[y] = stamp;
        dist[y] = c;
        parentEdge[y] = e;
        parentRank[y] = x;
        heap.push(y, c);
      }
    }
    return x;
  }
}
