import { existsSync } from 'node:fs';
import path from 'node:path';
import { haversineMeters } from '@dispatch/shared';
import { beforeAll, describe, expect, it } from 'vitest';
import { MinHeap } from '../lib/min-heap';
import { createRng } from '../lib/rng';
import type { ContractionHierarchy } from './ch-query';
import { buildContractionHierarchy } from './contraction';
import type { CsrStreetNetwork } from './csr-network';
import { StreetGraphBuilder } from './graph-builder';
import { gridNetwork } from './grid';
import type { StreetRoute } from './network';
import { loadOsmNetwork } from './osm';

// Reference data lives beside the repo in ../shared/data (never committed); vitest runs from the
// repo root. Where that folder is absent the tests that need it are skipped.
const CAMPO_GRANDE = path.resolve(process.cwd(), '../shared/data/osm/campo-grande.osm.gz');
const hasData = existsSync(CAMPO_GRANDE);
const SKIPPED = hasData ? '' : ' (skipped: ../shared/data/osm/campo-grande.osm.gz is absent)';

/** Plain Dijkstra on length ÷ speed factor from one node: the reference the hierarchy must match. */
function dijkstraCosts(network: CsrStreetNetwork, source: number): Float64Array {
  const cost = new Float64Array(network.nodeCount).fill(Infinity);
  const heap = new MinHeap();
  cost[source] = 0;
  heap.push(source, 0);
  while (heap.size > 0) {
    const key = heap.peekKey();
    const v = heap.pop();
    if (key > cost[v]!) continue;
    for (const edge of network.edges(v)) {
      const c = key + edge.lengthMeters / edge.speedFactor;
      if (c < cost[edge.to]!) {
        cost[edge.to] = c;
        heap.push(edge.to, c);
      }
    }
  }
  return cost;
}

/** Length ÷ speed factor along a route, from its points (edge lengths are great-circle metres). */
function routeCost(route: StreetRoute): number {
  let cost = 0;
  for (let i = 0; i + 1 < route.points.length; i++) {
    const [lat1, lng1] = route.points[i]!;
    const [lat2, lng2] = route.points[i + 1]!;
    cost += haversineMeters(lat1, lng1, lat2, lng2) / route.segmentSpeedFactors[i]!;
  }
  return cost;
}

/** Checks a path walks real edges from `a` to `b` and that its cost adds up. */
function expectValidPath(network: CsrStreetNetwork, h: ContractionHierarchy, a: number, b: number) {
  const found = h.pathBetween(a, b);
  expect(found).not.toBeNull();
  const { nodes, edges, cost } = found!;
  expect(nodes[0]).toBe(a);
  expect(nodes.at(-1)).toBe(b);
  expect(edges).toHaveLength(nodes.length - 1);
  const { offsets, targets } = network.arrays;
  let sum = 0;
  for (let i = 0; i < edges.length; i++) {
    const [v, w] = [nodes[i]!, nodes[i + 1]!];
    const e = edges[i]!;
    const fromV = e >= offsets[v]! && e < offsets[v + 1]! && targets[e] === w;
    const fromW = e >= offsets[w]! && e < offsets[w + 1]! && targets[e] === v;
    expect(fromV || fromW).toBe(true);
    const edge = network.edges(v).find((x) => x.to === w)!;
    sum += edge.lengthMeters / edge.speedFactor;
  }
  expect(sum).toBeCloseTo(cost, 6);
}

function expectMatchesDijkstra(network: CsrStreetNetwork, h: ContractionHierarchy, seed: number) {
  const rng = createRng(seed);
  for (let s = 0; s < 20; s++) {
    const origin = network.randomNode(rng);
    const reference = dijkstraCosts(network, origin);
    const targets = Array.from({ length: 25 }, () => network.randomNode(rng));
    const oneToMany = h.costsFrom(origin, targets);
    targets.forEach((t, i) => {
      const expected = reference[t]!;
      expect(h.costBetween(origin, t)).toBeCloseTo(expected, 6);
      expect(oneToMany[i]).toBeCloseTo(expected, 6);
    });
  }
}

describe('contraction hierarchy on a generated grid', () => {
  const grid = gridNetwork({ centerLat: -20.46, centerLng: -54.6, radiusMeters: 3000 });
  const hierarchy = buildContractionHierarchy(grid);

  it('gives every node a distinct rank', () => {
    const ranks = new Set(hierarchy.arrays.rankOfNode);
    expect(ranks.size).toBe(grid.nodeCount);
  });

  it('finds the same costs as plain Dijkstra, point to point and one to many', () => {
    expectMatchesDijkstra(grid, hierarchy, 5);
  });

  it('unpacks shortcuts into connected street segments whose costs add up', () => {
    const rng = createRng(8);
    for (let i = 0; i < 100; i++) {
      expectValidPath(grid, hierarchy, grid.randomNode(rng), grid.randomNode(rng));
    }
  });

  it('finds the same costs as the A* search', () => {
    const rng = createRng(9);
    for (let i = 0; i < 100; i++) {
      const a = grid.randomNode(rng);
      const b = grid.randomNode(rng);
      const astar = routeCost(grid.route(a, b)!);
      expect(hierarchy.costBetween(a, b)).toBeCloseTo(astar, 6);
      expect(routeCost(hierarchy.route(a, b)!)).toBeCloseTo(astar, 6);
    }
  });

  it('returns a one-node path of cost 0 from a node to itself', () => {
    expect(hierarchy.pathBetween(7, 7)).toEqual({ cost: 0, nodes: [7], edges: [] });
    expect(hierarchy.pathsFrom(7, [7])).toEqual([{ cost: 0, nodes: [7], edges: [] }]);
  });

  it('returns the paths of one-to-many in the targets order, repeats included', () => {
    const targets = [40, 3, 40, 100];
    const paths = hierarchy.pathsFrom(12, targets);
    targets.forEach((t, i) => expect(paths[i]).toEqual(hierarchy.pathBetween(12, t)));
  });
});

describe('contraction hierarchy on disconnected streets', () => {
  const builder = new StreetGraphBuilder();
  builder.addNode(1, 0, 0);
  builder.addNode(2, 0, 0.002);
  builder.addNode(3, 0.01, 0);
  builder.addNode(4, 0.01, 0.002);
  builder.addEdge(0, 1, 'residential');
  builder.addEdge(2, 3, 'residential');
  const islands = builder.build({ largestComponentOnly: false });
  const hierarchy = buildContractionHierarchy(islands);

  it('finds no path between islands', () => {
    expect(hierarchy.costBetween(0, 3)).toBe(Infinity);
    expect(hierarchy.pathBetween(0, 3)).toBeNull();
    expect(hierarchy.route(0, 3)).toBeNull();
    expect(hierarchy.pathsFrom(0, [1, 3])[1]).toBeNull();
    expect(Array.from(hierarchy.costsFrom(0, [1, 3]))[1]).toBe(Infinity);
  });

  it('rejects a node index outside the network', () => {
    expect(() => hierarchy.costBetween(0, 4)).toThrow(RangeError);
  });
});

describe.skipIf(!hasData)(`contraction hierarchy on the Campo Grande extract${SKIPPED}`, () => {
  let network: CsrStreetNetwork;
  let hierarchy: ContractionHierarchy;
  beforeAll(async () => {
    network = await loadOsmNetwork(CAMPO_GRANDE);
    hierarchy = buildContractionHierarchy(network);
  });

  it('finds the same costs as plain Dijkstra', () => {
    expectMatchesDijkstra(network, hierarchy, 21);
  });

  it('finds the same costs as the A* search', () => {
    const rng = createRng(22);
    for (let i = 0; i < 200; i++) {
      const a = network.randomNode(rng);
      const b = network.randomNode(rng);
      const astar = routeCost(network.route(a, b)!);
      expect(Math.abs(hierarchy.costBetween(a, b) - astar)).toBeLessThanOrEqual(1e-9 * astar);
      expect(routeCost(hierarchy.route(a, b)!)).toBeCloseTo(astar, 6);
    }
  });

  it('unpacks into connected street segments', () => {
    const rng = createRng(23);
    for (let i = 0; i < 50; i++) {
      expectValidPath(network, hierarchy, network.randomNode(rng), network.randomNode(rng));
    }
  });
});
