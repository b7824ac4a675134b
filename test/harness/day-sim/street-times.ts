import { VEHICLE_SPEED_MPS, type Vehicle } from '@dispatch/shared';
import { vehicleRoadFactor } from '../../../server/src/eta/road-factors';
import { MinHeap } from '../../../server/src/lib/min-heap';
import type { StreetNetwork } from '../../../server/src/streets/network';

/** How a vehicle's travel times are reckoned on the streets. */
export interface MatrixTraffic {
  vehicle: Vehicle;
  /** Speed multiplier of the place a street segment lies in (its midpoint). */
  placeFactor: (lat: number, lng: number) => number;
}

/**
 * Travel seconds between street nodes at the vehicle's typical speed, leaving each origin at
 * the given instant (epoch ms, one per node; ignored where speeds do not change over the day).
 */
export interface TravelMatrix {
  secondsMatrix(nodes: readonly number[], departMs?: readonly number[]): Float64Array;
}

/** The street graph flattened once: per directed edge, the path cost and the travel seconds. */
interface TimedGraph {
  offsets: Int32Array;
  targets: Int32Array;
  /** What the fastest path minimises, as the simulated couriers' router does: length ÷ road factor. */
  cost: Float64Array;
  seconds: Float64Array;
}

/**
 * Travel seconds between street nodes along the paths the simulated couriers drive: the
 * fastest by road class, each segment timed at the vehicle's typical speed × its road factor ×
 * the place factor. One Dijkstra per distinct origin, remembered for later matrices. Paths of
 * equal cost may differ from the couriers' own router's through other neighbourhoods, so with
 * slow zones a few entries are off by what such a detour costs.
 */
export class StreetTimes implements TravelMatrix {
  private readonly graph: TimedGraph;
  private readonly rows = new Map<number, Float64Array>();

  constructor(network: StreetNetwork, traffic: MatrixTraffic) {
    this.graph = timedGraph(network, traffic);
  }

  /** Row-major matrix of seconds between the given street nodes (`nodes.length` squared). */
  secondsMatrix(nodes: readonly number[]): Float64Array {
    const n = nodes.length;
    const matrix = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      const row = this.row(nodes[i]!);
      for (let j = 0; j < n; j++) matrix[i * n + j] = row[nodes[j]!]!;
    }
    return matrix;
  }

  private row(from: number): Float64Array {
    let row = this.rows.get(from);
    if (!row) {
      row = secondsFrom(this.graph, from);
      this.rows.set(from, row);
    }
    return row;
  }
}

function timedGraph(network: StreetNetwork, traffic: MatrixTraffic): TimedGraph {
  const count = network.nodeCount;
  const offsets = new Int32Array(count + 1);
  const targets: number[] = [];
  const cost: number[] = [];
  const seconds: number[] = [];
  const speedMps = VEHICLE_SPEED_MPS[traffic.vehicle];
  for (let v = 0; v < count; v++) {
    const a = network.node(v);
    for (const edge of network.edges(v)) {
      const b = network.node(edge.to);
      const place = traffic.placeFactor((a.lat + b.lat) / 2, (a.lng + b.lng) / 2);
      const mps = speedMps * vehicleRoadFactor(traffic.vehicle, edge.speedFactor) * place;
      targets.push(edge.to);
      cost.push(edge.lengthMeters / edge.speedFactor);
      seconds.push(edge.lengthMeters / mps);
    }
    offsets[v + 1] = targets.length;
  }
  return {
    offsets,
    targets: Int32Array.from(targets),
    cost: Float64Array.from(cost),
    seconds: Float64Array.from(seconds),
  };
}

/** Seconds from one node to every node along the least-cost paths (Infinity when unreachable). */
function secondsFrom(graph: TimedGraph, source: number): Float64Array {
  const count = graph.offsets.length - 1;
  const best = new Float64Array(count).fill(Infinity);
  const seconds = new Float64Array(count).fill(Infinity);
  const done = new Uint8Array(count);
  const heap = new MinHeap(count);
  best[source] = 0;
  seconds[source] = 0;
  heap.push(source, 0);
  while (heap.size > 0) {
    const v = heap.pop();
    if (done[v]) continue;
    done[v] = 1;
    for (let e = graph.offsets[v]!; e < graph.offsets[v + 1]!; e++) {
      const w = graph.targets[e]!;
      const c = best[v]! + graph.cost[e]!;
      if (c < best[w]!) {
        best[w] = c;
        seconds[w] = seconds[v]! + graph.seconds[e]!;
        heap.push(w, c);
      }
    }
  }
  return seconds;
}
