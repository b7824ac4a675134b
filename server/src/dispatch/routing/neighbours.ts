import type { CompiledProblem } from './compiled';

/** Each stop's nearest other stops, nearest first. */
export interface NeighbourLists {
  /** Entries per node. */
  readonly width: number;
  /** `list[node * width + k]`: the k-th nearest stop to `node` (only stop rows are filled). */
  readonly list: Int32Array;
}

/** For every stop, its `width` nearest stops by distance both ways. */
export function nearestStops(problem: CompiledProblem, width: number): NeighbourLists {
  const size = problem.nodeCount;
  const stops = problem.stops;
  const w = Math.max(0, Math.min(width, stops.length - 1));
  const list = new Int32Array(size * w);
  const others = new Int32Array(stops.length);
  const key = new Float64Array(size);
  for (const stop of stops) {
    let count = 0;
    for (const other of stops) {
      if (other === stop) continue;
      others[count++] = other;
      key[other] = problem.distance[stop * size + other]! + problem.distance[other * size + stop]!;
    }
    const sorted = others.subarray(0, count).sort((a, b) => key[a]! - key[b]! || a - b);
    list.set(sorted.subarray(0, w), stop * w);
  }
  return { width: w, list };
}
