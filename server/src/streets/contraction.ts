import { MinHeap } from '../lib/min-heap';
import { CLASS_SPEED_FACTORS, type CsrStreetNetwork } from './csr-network';
import type { ContractionHierarchyArrays } from './ch-arrays';
import { ContractionHierarchy } from './ch-query';

/** Tuning of the preprocessing; the defaults suit a city extract. */
export interface ContractionOptions {
  /**
   * Nodes a witness search may settle before it gives up and adds the shortcut anyway (default
   * 100). A shortcut too many only costs query time; a lower limit preprocesses faster.
   */
  witnessSettleLimit?: number;
}

/** An edge of the graph still being contracted, seen from one of its ends. */
interface LiveEdge {
  to: number;
  /** Metres ÷ road speed factor. */
  cost: number;
  /** The CSR edge of a street segment; -1 for a shortcut. */
  streetEdge: number;
  /** The contracted node a shortcut bypasses; -1 for a street segment. */
  middle: number;
}

/** A shortcut the contraction of one node needs, as indices into that node's live edges. */
interface NeededShortcut {
  from: number;
  to: number;
  cost: number;
}

/**
 * Contracts every node of a street network, least important first, on the static metric
 * (length ÷ road speed factor), and returns the hierarchy for queries. Importance is twice the
 * edge difference (shortcuts added − edges removed) plus the neighbours already contracted and
 * the node's level, which spread contraction evenly and keep the hierarchy shallow; priorities
 * are refreshed lazily when a node reaches the top of the queue.
 */
export function buildContractionHierarchy(
  network: CsrStreetNetwork,
  options: ContractionOptions = {},
): ContractionHierarchy {
  const arrays = new Contraction(network, options.witnessSettleLimit ?? 100).run();
  return new ContractionHierarchy(network, arrays);
}

/** One run of the preprocessing: the live graph shrinking node by node into upward edges. */
class Contraction {
  private readonly n: number;
  private readonly live: LiveEdge[][];
  private readonly contracted: Uint8Array;
  private readonly contractedNeighbours: Uint32Array;
  /** One more than the highest level among contracted neighbours: keeps the hierarchy shallow. */
  private readonly level: Uint32Array;
  // Witness search scratch space, reused: `stamp` marks entries of the current search.
  private readonly dist: Float64Array;
  private readonly reached: Uint32Array;
  private readonly targetMark: Uint32Array;
  private readonly heap = new MinHeap();
  private stamp = 0;

  constructor(
    network: CsrStreetNetwork,
    private readonly settleLimit: number,
  ) {
    if (!(settleLimit >= 1)) throw new RangeError('witnessSettleLimit must be at least 1');
    this.n = network.nodeCount;
    this.live = liveEdgesOf(network);
    this.contracted = new Uint8Array(this.n);
    this.contractedNeighbours = new Uint32Array(this.n);
    this.level = new Uint32Array(this.n);
    this.dist = new Float64Array(this.n);
    this.reached = new Uint32Array(this.n);
    this.targetMark = new Uint32Array(this.n);
  }

  run(): ContractionHierarchyArrays {
    const { n } = this;
    const order = new MinHeap(n);
    for (let v = 0; v < n; v++) order.push(v, this.priority(v, this.neededShortcuts(v)));
    const nodeOfRank = new Uint32Array(n);
    const upOffsets = new Uint32Array(n + 1);
    const upNodes: number[] = [];
    const upCosts: number[] = [];
    const upMiddleNodes: number[] = [];
    const upStreetEdges: number[] = [];
    let rank = 0;
    while (order.size > 0) {
      const v = order.pop();
      if (this.contracted[v]) continue;
      // Lazy update: the priority may have grown since it was pushed; if another node is now
      // cheaper, put this one back and try that one first.
      const shortcuts = this.neededShortcuts(v);
      const priority = this.priority(v, shortcuts);
      if (order.size > 0 && priority > order.peekKey()) {
        order.push(v, priority);
        continue;
      }
      nodeOfRank[rank] = v;
      for (const edge of this.live[v]!) {
        upNodes.push(edge.to);
        upCosts.push(edge.cost);
        upMiddleNodes.push(edge.middle);
        upStreetEdges.push(edge.streetEdge);
      }
      upOffsets[++rank] = upNodes.length;
      this.contract(v, shortcuts);
    }
    const rankOfNode = new Uint32Array(n);
    for (let r = 0; r < n; r++) rankOfNode[nodeOfRank[r]!] = r;
    return {
      rankOfNode,
      nodeOfRank,
      upOffsets,
      upTargets: Uint32Array.from(upNodes, (v) => rankOfNode[v]!),
      upCosts: Float64Array.from(upCosts),
      upMiddles: Int32Array.from(upMiddleNodes, (v) => (v < 0 ? -1 : rankOfNode[v]!)),
      upStreetEdges: Int32Array.from(upStreetEdges),
    };
  }

  /** Weights tuned on the Campo Grande extract: fewest shortcuts and fastest queries of those tried. */
  private priority(v: number, shortcuts: readonly NeededShortcut[]): number {
    const edgeDifference = shortcuts.length - this.live[v]!.length;
    return 2 * edgeDifference + this.contractedNeighbours[v]! + this.level[v]!;
  }

  /** Removes v from the live graph and adds the shortcuts that keep its neighbours' distances. */
  private contract(v: number, shortcuts: readonly NeededShortcut[]): void {
    const edges = this.live[v]!;
    for (const edge of edges) {
      removeEdgeTo(this.live[edge.to]!, v);
      this.contractedNeighbours[edge.to]!++;
      this.level[edge.to] = Math.max(this.level[edge.to]!, this.level[v]! + 1);
    }
    for (const { from, to, cost } of shortcuts) {
      this.addOrImprove(edges[from]!.to, edges[to]!.to, cost, v);
    }
    this.live[v] = [];
    this.contracted[v] = 1;
  }

  private addOrImprove(u: number, w: number, cost: number, middle: number): void {
    const existing = this.live[u]!.find((e) => e.to === w);
    if (existing) {
      if (cost >= existing.cost) return;
      const mirror = this.live[w]!.find((e) => e.to === u)!;
      for (const edge of [existing, mirror]) {
        edge.cost = cost;
        edge.middle = middle;
        edge.streetEdge = -1;
      }
      return;
    }
    this.live[u]!.push({ to: w, cost, streetEdge: -1, middle });
    this.live[w]!.push({ to: u, cost, streetEdge: -1, middle });
  }

  /** Pairs of v's neighbours whose only shortest connection (within the search limit) is via v. */
  private neededShortcuts(v: number): NeededShortcut[] {
    const edges = this.live[v]!;
    const needed: NeededShortcut[] = [];
    for (let i = 0; i + 1 < edges.length; i++) {
      const first = edges[i]!;
      let farthest = 0;
      for (let j = i + 1; j < edges.length; j++) farthest = Math.max(farthest, edges[j]!.cost);
      this.witnessSearch(first.to, v, first.cost + farthest, edges, i + 1);
      for (let j = i + 1; j < edges.length; j++) {
        const second = edges[j]!;
        const via = first.cost + second.cost;
        const witnessed = this.reached[second.to] === this.stamp && this.dist[second.to]! <= via;
        if (!witnessed) needed.push({ from: i, to: j, cost: via });
      }
    }
    return needed;
  }

  /**
   * Dijkstra from `source` around `skipped`, up to `maxCost` or the settle limit, stopping early
   * once every target (`targets[firstTarget..]`) is settled. Leaves distances in `dist`.
   */
  private witnessSearch(
    source: number,
    skipped: number,
    maxCost: number,
    targets: readonly LiveEdge[],
    firstTarget: number,
  ): void {
    const stamp = this.nextStamp();
    const { dist, reached, targetMark, heap, live } = this;
    let targetsLeft = 0;
    for (let j = firstTarget; j < targets.length; j++) {
      targetMark[targets[j]!.to] = stamp;
      targetsLeft++;
    }
    heap.clear();
    reached[source] = stamp;
    dist[source] = 0;
    heap.push(source, 0);
    let settled = 0;
    while (heap.size > 0) {
      const key = heap.peekKey();
      if (key > maxCost) break;
      const x = heap.pop();
      if (key > dist[x]!) continue; // a stale duplicate entry
      if (targetMark[x] === stamp && --targetsLeft === 0) break;
      if (++settled > this.settleLimit) break;
      for (const edge of live[x]!) {
        const y = edge.to;
        if (y === skipped) continue;
        const c = key + edge.cost;
        if (reached[y] !== stamp || c < dist[y]!) {
          reached[y] = stamp;
          dist[y] = c;
          heap.push(y, c);
        }
      }
    }
  }

  private nextStamp(): number {
    if (this.stamp === 0xffffffff) {
      this.reached.fill(0);
      this.targetMark.fill(0);
      this.stamp = 0;
    }
    return ++this.stamp;
  }
}

/** Each node's street segments, with parallel segments merged into the cheapest. */
function liveEdgesOf(network: CsrStreetNetwork): LiveEdge[][] {
  const { offsets, targets, lengthsMeters, classes } = network.arrays;
  const live: LiveEdge[][] = [];
  for (let v = 0; v < network.nodeCount; v++) {
    const edges: LiveEdge[] = [];
    for (let e = offsets[v]!; e < offsets[v + 1]!; e++) {
      const cost = lengthsMeters[e]! / CLASS_SPEED_FACTORS[classes[e]!]!;
      const to = targets[e]!;
      const parallel = edges.find((edge) => edge.to === to);
      if (!parallel) edges.push({ to, cost, streetEdge: e, middle: -1 });
      else if (cost < parallel.cost) {
        parallel.cost = cost;
        parallel.streetEdge = e;
      }
    }
    live.push(edges);
  }
  return live;
}

function removeEdgeTo(edges: LiveEdge[], node: number): void {
  const at = edges.findIndex((e) => e.to === node);
  if (at < 0) return;
  edges[at] = edges[edges.length - 1]!;
  edges.pop();
}
