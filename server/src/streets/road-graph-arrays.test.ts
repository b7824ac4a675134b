import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { createRng } from '../lib/rng';
import { buildContractionHierarchy } from './contraction';
import { gridNetwork } from './grid';
import {
  ROAD_GRAPH_ARRAYS_VERSION,
  roadGraphFromArrays,
  shareRoadGraph,
  type RoadGraphArrays,
} from './road-graph-arrays';

const CENTER = { centerLat: -20.46, centerLng: -54.6 };

function sharedGrid() {
  const network = gridNetwork({ ...CENTER, radiusMeters: 2000 });
  const hierarchy = buildContractionHierarchy(network);
  return { network, hierarchy, arrays: shareRoadGraph(network, hierarchy) };
}

/** Sends a value through a real message port, as a worker would receive it. */
async function postedThrough<T>(value: T): Promise<T> {
  const { port1, port2 } = new MessageChannel();
  try {
    const received = new Promise<T>((resolve) => port2.once('message', (v: T) => resolve(v)));
    port1.postMessage(value);
    return await received;
  } finally {
    port1.close();
    port2.close();
  }
}

describe('shareRoadGraph / roadGraphFromArrays', () => {
  it('puts every array on shared memory', () => {
    const { arrays } = sharedGrid();
    for (const group of [arrays.network, arrays.hierarchy]) {
      for (const array of Object.values(group)) {
        expect(array.buffer).toBeInstanceOf(SharedArrayBuffer);
      }
    }
  });

  it('is shared, not copied, by postMessage', async () => {
    const { arrays } = sharedGrid();
    const received = await postedThrough(arrays);
    expect(received.network.lats).not.toBe(arrays.network.lats);
    const before = arrays.network.lats[0]!;
    received.network.lats[0] = 12.5; // visible on the sender's side only if the memory is shared
    expect(arrays.network.lats[0]).toBe(12.5);
    received.network.lats[0] = before;
  });

  it('rebuilds a graph that answers exactly as the original', async () => {
    const { network, hierarchy, arrays } = sharedGrid();
    const rebuilt = roadGraphFromArrays(await postedThrough(arrays));
    expect(rebuilt.network.nodeCount).toBe(network.nodeCount);
    expect(rebuilt.network.bbox).toEqual(network.bbox);
    const rng = createRng(4);
    for (let i = 0; i < 100; i++) {
      const a = network.randomNode(rng);
      const b = network.randomNode(rng);
      expect(rebuilt.hierarchy.pathBetween(a, b)).toEqual(hierarchy.pathBetween(a, b));
      expect(rebuilt.network.route(a, b)).toEqual(network.route(a, b));
      const lat = network.bbox.south + rng.float() * (network.bbox.north - network.bbox.south);
      const lng = network.bbox.west + rng.float() * (network.bbox.east - network.bbox.west);
      expect(rebuilt.network.nearestNode(lat, lng)).toBe(network.nearestNode(lat, lng));
    }
    const targets = [3, 50, 400];
    expect(rebuilt.hierarchy.costsFrom(9, targets)).toEqual(hierarchy.costsFrom(9, targets));
  });

  it('reuses arrays already on shared memory', () => {
    const { arrays } = sharedGrid();
    const { network, hierarchy } = roadGraphFromArrays(arrays);
    const again = shareRoadGraph(network, hierarchy);
    expect(again.network.targets).toBe(arrays.network.targets);
    expect(again.hierarchy.upCosts).toBe(arrays.hierarchy.upCosts);
  });

  it('refuses arrays of another layout version or that do not fit together', () => {
    const { arrays } = sharedGrid();
    const future = { ...arrays, version: ROAD_GRAPH_ARRAYS_VERSION + 1 } as unknown;
    expect(() => roadGraphFromArrays(future as RoadGraphArrays)).toThrow(RangeError);
    const truncated = { ...arrays, network: { ...arrays.network, lats: new Float64Array(3) } };
    expect(() => roadGraphFromArrays(truncated)).toThrow(RangeError);
    const otherHierarchy = { ...arrays.hierarchy, upCosts: new Float64Array(1) };
    expect(() => roadGraphFromArrays({ ...arrays, hierarchy: otherHierarchy })).toThrow(RangeError);
  });

  it('refuses a hierarchy built for another network', () => {
    const { network } = sharedGrid();
    const other = sharedGrid();
    expect(() => shareRoadGraph(network, other.hierarchy)).toThrow(RangeError);
  });
});
