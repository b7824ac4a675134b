import { VEHICLE_SPEED_MPS, type Vehicle } from '@dispatch/shared';
import { MinHeap } from '../../../server/src/lib/min-heap';
import { flatMeters } from '../../../server/src/simulator/world/street-keys';
import type { Segment } from '../../../server/src/simulator/world/types';
import type { WorldTraffic } from '../../../server/src/simulator/world/traffic';
import type { StreetNetwork } from '../../../server/src/streets/network';
import type { TravelMatrix } from './street-times';

/**
 * Travel seconds in the world's traffic, as `expectedTravelSeconds` reckons them (each segment
 * at its speed when it is reached, each junction at its mean delay then), along the paths the
 * couriers' router takes (least length ÷ road factor), leaving each origin at its own instant.
 * One Dijkstra per origin and departure minute, remembered. What a plan cannot know leg by leg
 * is left out: a courier's detours, parking away from the door and the walk back (see
 * `HABITS_SECONDS_PER_LEG`), and a junction's actual wait rather than its mean.
 */
export class TrafficTimes implements TravelMatrix {
  private readonly rows = new Map<string, Float64Array>();
  private readonly degree: Int32Array;
  private readonly cruiseMps: number;

  constructor(
    private readonly network: StreetNetwork,
    private readonly traffic: WorldTraffic,
    private readonly vehicle: Vehicle,
    /** Added to every leg between two different places. */
    private readonly perLegSeconds = 0,
  ) {
    this.cruiseMps = VEHICLE_SPEED_MPS[vehicle];
    this.degree = new Int32Array(network.nodeCount);
    for (let v = 0; v < network.nodeCount; v++) {
      this.degree[v] = new Set(network.edges(v).map((e) => e.to)).size;
    }
  }

  secondsMatrix(nodes: readonly number[], departMs?: readonly number[]): Float64Array {
    if (!departMs || departMs.length !== nodes.length)
      throw new RangeError('traffic times need a departure instant per node');
    const n = nodes.length;
    const matrix = new Float64Array(n * n);
    for (let i = 0; i < n; i++) {
      const row = this.row(nodes[i]!, departMs[i]!);
      for (let j = 0; j < n; j++) {
        const seconds = row[nodes[j]!]!;
        matrix[i * n + j] = nodes[j] === nodes[i] ? 0 : seconds + this.perLegSeconds;
      }
    }
    return matrix;
  }

  /** Seconds from `from` to every node leaving at `departMs` (rounded down to the minute). */
  private row(from: number, departMs: number): Float64Array {
    const minute = Math.floor(departMs / 60_000) * 60_000;
    const key = `${from}@${minute}`;
    let row = this.rows.get(key);
    if (!row) {
      row = this.secondsFrom(from, minute);
      this.rows.set(key, row);
    }
    return row;
  }

  private segment(from: number, to: number, roadClass: Segment['roadClass']): Segment {
    const a = this.network.node(from);
    const b = this.network.node(to);
    const fromPoint: [number, number] = [a.lat, a.lng];
    const toPoint: [number, number] = [b.lat, b.lng];
    return {
      from: fromPoint,
      to: toPoint,
      roadClass,
      lengthMeters: flatMeters(fromPoint, toPoint),
      endDegree: this.degree[to]!,
    };
  }

  private secondsFrom(source: number, departMs: number): Float64Array {
    const count = this.network.nodeCount;
    const cost = new Float64Array(count).fill(Infinity);
    const seconds = new Float64Array(count).fill(Infinity);
    const arrivedBy: (Segment | null)[] = new Array<Segment | null>(count).fill(null);
    const done = new Uint8Array(count);
    const heap = new MinHeap(count);
    cost[source] = 0;
    seconds[source] = 0;
    heap.push(source, 0);
    while (heap.size > 0) {
      const v = heap.pop();
      if (done[v]) continue;
      done[v] = 1;
      const before = arrivedBy[v];
      for (const edge of this.network.edges(v)) {
        const w = edge.to;
        const c = cost[v]! + edge.lengthMeters / edge.speedFactor;
        if (!(c < cost[w]!)) continue;
        const segment = this.segment(v, w, edge.roadClass);
        let t = seconds[v]!;
        if (before) {
          t += this.traffic.meanJunctionDelaySeconds(
            before,
            segment,
            this.vehicle,
            departMs + t * 1000,
          );
        }
        const speed =
          this.cruiseMps * this.traffic.speedFactor(segment, this.vehicle, departMs + t * 1000);
        cost[w] = c;
        seconds[w] = t + segment.lengthMeters / speed;
        arrivedBy[w] = segment;
        heap.push(w, c);
      }
    }
    // The junction the journey ends at (a light before the door).
    for (let v = 0; v < count; v++) {
      const last = arrivedBy[v];
      if (last) {
        seconds[v] =
          seconds[v]! +
          this.traffic.meanJunctionDelaySeconds(
            last,
            null,
            this.vehicle,
            departMs + seconds[v]! * 1000,
          );
      }
    }
    return seconds;
  }
}
