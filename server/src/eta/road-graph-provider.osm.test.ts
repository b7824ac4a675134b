import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng, type Rng } from '../lib/rng';
import { LearnedSpeeds } from './learned-speeds';
import { RoadGraphProvider } from './road-graph-provider';
import type { GeoPoint } from './travel-time';
import type { ContractionHierarchy } from '../streets/ch-query';
import { buildContractionHierarchy } from '../streets/contraction';
import type { CsrStreetNetwork } from '../streets/csr-network';
import type { StreetNetwork } from '../streets/network';
import { loadOsmNetwork } from '../streets/osm';

// Reference data lives beside the repo in ../shared/data (never committed); vitest runs from the
// repo root. Where that folder is absent these tests are skipped.
const CAMPO_GRANDE = path.resolve(process.cwd(), '../shared/data/osm/campo-grande.osm.gz');
const hasData = existsSync(CAMPO_GRANDE);
const SKIPPED = hasData ? '' : ' (skipped: ../shared/data/osm/campo-grande.osm.gz is absent)';

// A car with fresh learned speeds: every cell runs at the prior and a car's factor is the road's,
// so a path's time is its cost ÷ the prior speed, and equal-cost alternatives (which the
// hierarchy and A* may break differently) cannot time differently.
const CAR = { vehicle: 'car' as const, departAt: Date.UTC(2025, 2, 12, 10) };

/** The same streets behind a plain `StreetNetwork`, so the provider searches pair by pair (A*). */
function perPairNetwork(base: StreetNetwork): StreetNetwork {
  return {
    nodeCount: base.nodeCount,
    edgeCount: base.edgeCount,
    bbox: base.bbox,
    node: (i) => base.node(i),
    edges: (i) => base.edges(i),
    nearestNode: (lat, lng) => base.nearestNode(lat, lng),
    shortestPath: (a, b) => base.shortestPath(a, b),
    route: (a, b) => base.route(a, b),
    randomNode: (rng) => base.randomNode(rng),
    toGeoJSON: () => base.toGeoJSON(),
  };
}

/** Street nodes, and points up to ~150 m off them (access legs), mixed. */
function somePoints(network: StreetNetwork, rng: Rng, count: number): GeoPoint[] {
  return Array.from({ length: count }, (_, i) => {
    const { lat, lng } = network.node(network.randomNode(rng));
    return i % 2 === 0 ? { lat, lng } : { lat: lat + rng.range(-1, 1) * 1e-3, lng };
  });
}

function expectRelativelyEqual(actual: readonly number[], expected: readonly number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((seconds, i) => {
    expect(Math.abs(seconds - expected[i]!)).toBeLessThanOrEqual(1e-6 * expected[i]!);
  });
}

describe.skipIf(!hasData)(`RoadGraphProvider on the Campo Grande extract${SKIPPED}`, () => {
  let network: CsrStreetNetwork;
  let hierarchy: ContractionHierarchy;
  beforeAll(async () => {
    network = await loadOsmNetwork(CAMPO_GRANDE);
    hierarchy = buildContractionHierarchy(network);
  });

  it('times one origin to many targets as per-pair A* searches do', () => {
    const speeds = new LearnedSpeeds();
    const oneToMany = new RoadGraphProvider(network, speeds, {
      hierarchy,
      cellPairMinMeters: Infinity,
    });
    const perPair = new RoadGraphProvider(perPairNetwork(network), speeds, {
      cellPairMinMeters: Infinity,
    });
    const rng = createRng(31);
    for (let i = 0; i < 10; i++) {
      const [from] = somePoints(network, rng, 1);
      const targets = somePoints(network, rng, 50);
      expectRelativelyEqual(
        oneToMany.travelSecondsFrom(from!, targets, CAR),
        targets.map((to) => perPair.travelSeconds(from!, to, CAR)),
      );
    }
  });

  it('times many couriers to one stop as per-pair A* searches do', () => {
    const speeds = new LearnedSpeeds();
    const manyToOne = new RoadGraphProvider(network, speeds, {
      hierarchy,
      cellPairMinMeters: Infinity,
    });
    const perPair = new RoadGraphProvider(perPairNetwork(network), speeds, {
      cellPairMinMeters: Infinity,
    });
    const rng = createRng(32);
    for (let i = 0; i < 5; i++) {
      const [stop] = somePoints(network, rng, 1);
      const couriers = somePoints(network, rng, 50);
      expectRelativelyEqual(
        manyToOne.travelSecondsTo(couriers, stop!, CAR),
        couriers.map((courier) => perPair.travelSeconds(courier, stop!, CAR)),
      );
    }
  });
});
