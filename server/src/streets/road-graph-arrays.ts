import type { ContractionHierarchyArrays } from './ch-arrays';
import { ContractionHierarchy } from './ch-query';
import { CsrStreetNetwork, type CsrArrays } from './csr-network';
import { localProjection } from './projection';

/** Layout version of `RoadGraphArrays`: a thread given another layout refuses it. */
export const ROAD_GRAPH_ARRAYS_VERSION = 1;

/**
 * A street network and its contraction hierarchy as plain typed arrays on SharedArrayBuffers:
 * `postMessage` hands a worker the same memory instead of a copy, and the worker rebuilds both
 * with `roadGraphFromArrays` without contracting again. Nobody writes to them once shared.
 */
export interface RoadGraphArrays {
  version: typeof ROAD_GRAPH_ARRAYS_VERSION;
  /** Origin of the network's local projection, so nearest-node answers match on every thread. */
  projectionOrigin: { lat: number; lng: number };
  network: CsrArrays;
  hierarchy: ContractionHierarchyArrays;
}

/** A routable network with its hierarchy, as one thread holds them. */
export interface RoadGraph {
  network: CsrStreetNetwork;
  hierarchy: ContractionHierarchy;
}

/** Copies a network and its hierarchy onto shared memory (arrays already shared are reused). */
export function shareRoadGraph(
  network: CsrStreetNetwork,
  hierarchy: ContractionHierarchy,
): RoadGraphArrays {
  if (hierarchy.network !== network) {
    throw new RangeError('the contraction hierarchy belongs to another network');
  }
  const a = network.arrays;
  const h = hierarchy.arrays;
  const float64 = (b: SharedArrayBuffer): Float64Array => new Float64Array(b);
  const uint32 = (b: SharedArrayBuffer): Uint32Array => new Uint32Array(b);
  const int32 = (b: SharedArrayBuffer): Int32Array => new Int32Array(b);
  return {
    version: ROAD_GRAPH_ARRAYS_VERSION,
    projectionOrigin: { lat: network.projection.originLat, lng: network.projection.originLng },
    network: {
      ids: onSharedMemory(a.ids, float64),
      lats: onSharedMemory(a.lats, float64),
      lngs: onSharedMemory(a.lngs, float64),
      offsets: onSharedMemory(a.offsets, uint32),
      targets: onSharedMemory(a.targets, uint32),
      lengthsMeters: onSharedMemory(a.lengthsMeters, float64),
      classes: onSharedMemory(a.classes, (b) => new Uint8Array(b)),
    },
    hierarchy: {
      rankOfNode: onSharedMemory(h.rankOfNode, uint32),
      nodeOfRank: onSharedMemory(h.nodeOfRank, uint32),
      upOffsets: onSharedMemory(h.upOffsets, uint32),
      upTargets: onSharedMemory(h.upTargets, uint32),
      upCosts: onSharedMemory(h.upCosts, float64),
      upMiddles: onSharedMemory(h.upMiddles, int32),
      upStreetEdges: onSharedMemory(h.upStreetEdges, int32),
    },
  };
}

/**
 * Rebuilds the network and hierarchy over shared arrays (on any thread). Only per-thread state
 * is made: projected coordinates, the nearest-node grid and search buffers. Throws a RangeError
 * when the arrays are of another layout version or do not fit together.
 */
export function roadGraphFromArrays(arrays: RoadGraphArrays): RoadGraph {
  if (arrays.version !== ROAD_GRAPH_ARRAYS_VERSION) {
    throw new RangeError(
      `road graph arrays of layout ${String(arrays.version)}, expected ${ROAD_GRAPH_ARRAYS_VERSION}`,
    );
  }
  assertNetworkArrays(arrays.network);
  const { lat, lng } = arrays.projectionOrigin;
  const network = new CsrStreetNetwork(arrays.network, localProjection(lat, lng));
  return { network, hierarchy: new ContractionHierarchy(network, arrays.hierarchy) };
}

function assertNetworkArrays(a: CsrArrays): void {
  const n = a.ids.length;
  const edges = a.targets.length;
  const fits =
    a.lats.length === n &&
    a.lngs.length === n &&
    a.offsets.length === n + 1 &&
    a.offsets[n] === edges &&
    a.lengthsMeters.length === edges &&
    a.classes.length === edges;
  if (!fits) throw new RangeError('street network arrays do not fit together');
}

/** The array itself when it already lives on shared memory, else a copy that does. */
function onSharedMemory<A extends Float64Array | Uint32Array | Int32Array | Uint8Array>(
  array: A,
  make: (buffer: SharedArrayBuffer) => A,
): A {
  if (array.buffer instanceof SharedArrayBuffer) return array;
  const copy = make(new SharedArrayBuffer(array.byteLength));
  copy.set(array);
  return copy;
}
