import type { CompiledProblem } from './compiled';

/** Each stop's nearest other stops, nearest first. */
export interface NeighbourLists {
  /** Entries per node. */
  readonly width: number;
  /** `list[node * width + k]`: the k-th nearest stop to `node` (only stop rows are filled). */
  readonly list: Int32Array;
}

/**
 * For every stop, its `width` nearest stops by distance both ways (ties: lower index first).
 * Keeps the nearest in a bounded heap instead of sorting every row, so thousands of stops
 * cost O(stops² log width).
 */
export function nearestStops(problem: CompiledProblem, width: number): NeighbourLists {
  const size = problem.nodeCount;
  const stops = problem.stops;
  const w = Math.max(0, Math.min(width, stops.length - 1));
  const list = new Int32Array(size * w);
  if (w === 0) return { width: w, list };
  const key = new Float64Array(size);
  const heap = new NearestHeap(w, key);
  for (const stop of stops) {
    heap.clear();
    for (const other of stops) {
      if (other === stop) continue;
      key[other] = problem.distance[stop * size + other]! + problem.distance[other * size + stop]!;
      heap.offer(other);
    }
    list.set(heap.sorted(), stop * w);
  }
  return { width: w, list };
}

/** The first `width` entries of each row of `lists` (which are nearest first). */
export function narrowNeighbours(lists: NeighbourLists, width: number): NeighbourLists {
  const w = Math.min(width, lists.width);
  if (w === lists.width) return lists;
  const rows = lists.width === 0 ? 0 : lists.list.length / lists.width;
  const list = new Int32Array(rows * w);
  for (let row = 0; row < rows; row++)
    list.set(lists.list.subarray(row * lists.width, row * lists.width + w), row * w);
  return { width: w, list };
}

/** A max-heap of the `capacity` nodes with the smallest keys seen so far. */
class NearestHeap {
  private readonly nodes: Int32Array;
  private count = 0;

  constructor(
    private readonly capacity: number,
    private readonly key: Float64Array,
  ) {
    this.nodes = new Int32Array(capacity);
  }

  clear(): void {
    this.count = 0;
  }

  /** Whether `a` comes after `b`: farther, or as far with a higher index. */
  private after(a: number, b: number): boolean {
    const ka = this.key[a]!;
    const kb = this.key[b]!;
    return ka > kb || (ka === kb && a > b);
  }

  offer(node: number): void {
    const nodes = this.nodes;
    if (this.count < this.capacity) {
      let at = this.count++;
      while (at > 0) {
        const parent = (at - 1) >> 1;
        if (!this.after(node, nodes[parent]!)) break;
        nodes[at] = nodes[parent]!;
        at = parent;
      }
      nodes[at] = node;
      return;
    }
    if (!this.after(nodes[0]!, node)) return;
    let at = 0;
    for (;;) {
      let child = 2 * at + 1;
      if (child >= this.count) break;
      if (child + 1 < this.count && this.after(nodes[child + 1]!, nodes[child]!)) child++;
      if (!this.after(nodes[child]!, node)) break;
      nodes[at] = nodes[child]!;
      at = child;
    }
    nodes[at] = node;
  }

  /** The kept nodes, nearest first. */
  sorted(): Int32Array {
    const key = this.key;
    return this.nodes.subarray(0, this.count).sort((a, b) => key[a]! - key[b]! || a - b);
  }
}
