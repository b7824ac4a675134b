/**
 * A contraction hierarchy as flat arrays (so they can be shared between threads). Nodes are
 * addressed by rank, their contraction order: rank 0 was contracted first, the highest rank is
 * the most important node. Each node keeps the edges to its higher-ranked neighbours at the time
 * it was contracted; the graph is undirected, so the same edges serve both search directions.
 */
export interface ContractionHierarchyArrays {
  /** Rank of each network node index. */
  rankOfNode: Uint32Array;
  /** Network node index of each rank. */
  nodeOfRank: Uint32Array;
  /** Upward edges of rank r are `upOffsets[r] .. upOffsets[r+1]-1`. */
  upOffsets: Uint32Array;
  /** The higher rank each upward edge leads to. */
  upTargets: Uint32Array;
  /** Metres ÷ road speed factor. */
  upCosts: Float64Array;
  /** For a shortcut, the rank of the node it bypasses (lower than both ends); -1 for a street segment. */
  upMiddles: Int32Array;
  /** For a street segment, its edge index in the network's CSR arrays; -1 for a shortcut. */
  upStreetEdges: Int32Array;
}

/** Throws a RangeError when the arrays do not fit each other or a network of `nodeCount` nodes. */
export function assertHierarchyArrays(h: ContractionHierarchyArrays, nodeCount: number): void {
  const edges = h.upTargets.length;
  const fits =
    h.rankOfNode.length === nodeCount &&
    h.nodeOfRank.length === nodeCount &&
    h.upOffsets.length === nodeCount + 1 &&
    h.upOffsets[nodeCount] === edges &&
    h.upCosts.length === edges &&
    h.upMiddles.length === edges &&
    h.upStreetEdges.length === edges;
  if (!fits) {
    throw new RangeError(`contraction hierarchy arrays do not fit a network of ${nodeCount} nodes`);
  }
}
