import { H3_RES } from '@dispatch/shared';
import { cellToLatLng, latLngToCell } from 'h3-js';
import { describe, expect, it, vi } from 'vitest';
import { LearnedSpeedProvider } from './learned-speed-provider';
import { LearnedSpeeds } from './learned-speeds';
import { RoadGraphProvider } from './road-graph-provider';
import { circleTrack } from '../../../test/factories/synthetic-tracks';
import { straightLineMeters, type GeoPoint, type TravelTimeProvider } from './travel-time';
import { StreetGraphBuilder } from '../streets/graph-builder';
import { gridNetwork } from '../streets/grid';
import { buildContractionHierarchy } from '../streets/contraction';
import type { StreetNetwork, StreetRoute } from '../streets/network';
import { localProjection } from '../streets/projection';
import { shareRoadGraph } from '../streets/road-graph-arrays';

const CENTER = { lat: -20.46, lng: -54.6 };
const T10 = Date.UTC(2025, 2, 12, 10);
const projection = localProjection(CENTER.lat, CENTER.lng);
/** Blocks of 200 m within 2 km of the centre; every `n`th street (through it) is an avenue. */
const gridWithAvenuesEvery = (n: number) =>
  gridNetwork({
    centerLat: CENTER.lat,
    centerLng: CENTER.lng,
    radiusMeters: 2000,
    avenueEveryBlocks: n,
  });
/** Every fifth street in each direction is an avenue. */
const grid = gridWithAvenuesEvery(5);

/** The grid node `east`/`north` blocks from the centre. */
function node(network: StreetNetwork, east: number, north: number): GeoPoint {
  const lat = projection.toLat(north * 200);
  const lng = projection.toLng(east * 200);
  return network.node(network.nearestNode(lat, lng));
}

const fixedFallback: TravelTimeProvider = {
  name: 'fixed',
  travelSeconds: () => 12_345,
  travelSecondsFrom: (_from, targets) => targets.map(() => 12_345),
};

describe('RoadGraphProvider', () => {
  it('follows the streets: a diagonal takes the Manhattan distance', () => {
    const plain = gridWithAvenuesEvery(0);
    const provider = new RoadGraphProvider(plain, new LearnedSpeeds());
    const from = node(plain, 0, 0);
    const to = node(plain, 3, 4);
    const seconds = provider.travelSeconds(from, to, { vehicle: 'bike', departAt: T10 });
    expect(seconds).toBeCloseTo(1400 / 4.5, 0);
    expect(seconds).toBeGreaterThan(straightLineMeters(from, to) / 4.5);
  });

  it('drives faster along an avenue than along a residential street of the same length', () => {
    const provider = new RoadGraphProvider(grid, new LearnedSpeeds());
    const typical = provider.typicalRoadFactors().motor;
    const car = { vehicle: 'car' as const, departAt: T10 };
    const avenue = provider.travelSeconds(node(grid, -2, 0), node(grid, 2, 0), car);
    const street = provider.travelSeconds(node(grid, -2, 2), node(grid, 2, 2), car);
    expect(avenue).toBeCloseTo(800 / ((9 * 1.3) / typical), 0);
    expect(street).toBeCloseTo(800 / (9 / typical), 0);
    expect(street / avenue).toBeCloseTo(1.3, 3);
  });

  it('times a trip of the typical mix of roads at the prior speed, not faster', () => {
    // A car's prior (9 m/s) is a speed on the streets cars drive, avenues included: where every
    // street is an avenue, the avenue is the typical trip.
    const avenues = gridWithAvenuesEvery(1);
    const provider = new RoadGraphProvider(avenues, new LearnedSpeeds());
    expect(provider.typicalRoadFactors().motor).toBeCloseTo(1.3, 4);
    const car = { vehicle: 'car' as const, departAt: T10 };
    expect(provider.travelSeconds(node(avenues, -2, 0), node(avenues, 2, 0), car)).toBeCloseTo(
      800 / 9,
      1,
    );
  });

  it('finds the typical trip leaning on the avenues more than the streets do', () => {
    const { motor, selfPowered } = new RoadGraphProvider(
      grid,
      new LearnedSpeeds(),
    ).typicalRoadFactors();
    // One street in five is an avenue: by length, the streets hold about a third of avenue.
    const streetsMix = 1 / (0.64 / 1 + 0.36 / 1.3);
    expect(motor).toBeGreaterThan(streetsMix);
    expect(motor).toBeLessThan(1.3);
    expect(selfPowered).toBe(1);
  });

  it('gives a bike no boost on an avenue', () => {
    const provider = new RoadGraphProvider(grid, new LearnedSpeeds());
    const bike = { vehicle: 'bike' as const, departAt: T10 };
    const avenue = provider.travelSeconds(node(grid, -2, 0), node(grid, 2, 0), bike);
    expect(avenue).toBeCloseTo(800 / 4.5, 0);
  });

  it('adds the walk from an address off the street to the nearest node', () => {
    const provider = new RoadGraphProvider(grid, new LearnedSpeeds());
    const onNode = node(grid, 2, 2);
    const offStreet = { lat: onNode.lat + 30 / 111_195, lng: onNode.lng + 0.0003 };
    const car = { vehicle: 'car' as const, departAt: T10 };
    const a = node(grid, -2, 2);
    expect(provider.travelSeconds(a, offStreet, car)).toBeGreaterThan(
      provider.travelSeconds(a, onNode, car),
    );
  });

  it('slows the stretches inside a cell with a learned slow speed', () => {
    const cell = latLngToCell(CENTER.lat, CENTER.lng, H3_RES.area);
    const [lat, lng] = cellToLatLng(cell);
    const speeds = new LearnedSpeeds();
    for (const fix of circleTrack({
      center: { lat, lng },
      speedMps: 2,
      startMs: T10,
      seconds: 3600,
    })) {
      speeds.observe(1, 'bike', fix);
    }
    const from = grid.node(grid.nearestNode(lat, lng));
    const to = grid.node(grid.edges(grid.nearestNode(lat, lng))[0]!.to);
    expect(latLngToCell((from.lat + to.lat) / 2, (from.lng + to.lng) / 2, H3_RES.area)).toBe(cell);
    const ctx = { vehicle: 'bike' as const, departAt: T10 };
    const learned = new RoadGraphProvider(grid, speeds).travelSeconds(from, to, ctx);
    const unlearned = new RoadGraphProvider(grid, new LearnedSpeeds()).travelSeconds(from, to, ctx);
    const ratio = speeds.estimate(cell, speeds.bucketOf(T10), 'bike').speedRatio;
    expect(ratio).toBeLessThan(0.5);
    expect(learned).toBeCloseTo(unlearned / ratio, 6);
  });

  it('falls back when no path joins the two ends', () => {
    const builder = new StreetGraphBuilder();
    builder.addNode(1, 0, 0);
    builder.addNode(2, 0, 0.002);
    builder.addNode(3, 0.01, 0);
    builder.addNode(4, 0.01, 0.002);
    builder.addEdge(0, 1, 'residential');
    builder.addEdge(2, 3, 'residential');
    const islands = builder.build({ largestComponentOnly: false });
    const speeds = new LearnedSpeeds();
    const ctx = { vehicle: 'car' as const, departAt: T10 };
    const from = { lat: 0, lng: 0 };
    const to = { lat: 0.01, lng: 0.002 };
    expect(
      new RoadGraphProvider(islands, speeds, { fallback: fixedFallback }).travelSeconds(
        from,
        to,
        ctx,
      ),
    ).toBe(12_345);
    expect(new RoadGraphProvider(islands, speeds).travelSeconds(from, to, ctx)).toBe(
      new LearnedSpeedProvider(speeds).travelSeconds(from, to, ctx),
    );
  });

  it('falls back for a point far from every street', () => {
    const provider = new RoadGraphProvider(grid, new LearnedSpeeds(), { fallback: fixedFallback });
    const farAway = { lat: CENTER.lat + 0.2, lng: CENTER.lng };
    expect(provider.travelSeconds(CENTER, farAway, { vehicle: 'car', departAt: T10 })).toBe(12_345);
  });

  it('searches the streets once for a repeated pair of nodes', () => {
    let searches = 0;
    // Not a CsrStreetNetwork, so the provider has no hierarchy and searches pair by pair.
    const counting = delegatingNetwork(grid, (a, b) => {
      searches++;
      return grid.route(a, b);
    });
    const provider = new RoadGraphProvider(counting, new LearnedSpeeds());
    provider.typicalRoadFactors(); // sampled once, before the count
    searches = 0;
    const ctx = { vehicle: 'van' as const, departAt: T10 };
    const from = node(grid, -3, 1);
    const targets = [node(grid, 4, -2), node(grid, 4, -2), node(grid, 1, 1)];
    const first = provider.travelSecondsFrom(from, targets, ctx);
    const again = provider.travelSecondsFrom(from, targets, ctx);
    expect(again).toEqual(first);
    expect(first[0]).toBe(first[1]);
    expect(searches).toBe(2);
  });

  it('asks the hierarchy once for all the targets the cache misses', () => {
    const hierarchy = buildContractionHierarchy(grid);
    const pathsFrom = vi.spyOn(hierarchy, 'pathsFrom');
    const provider = new RoadGraphProvider(grid, new LearnedSpeeds(), { hierarchy });
    const ctx = { vehicle: 'car' as const, departAt: T10 };
    const from = node(grid, -3, 1);
    const targets = [node(grid, 4, -2), node(grid, 4, -2), node(grid, 1, 1), node(grid, 0, 5)];
    const first = provider.travelSecondsFrom(from, targets, ctx);
    expect(pathsFrom).toHaveBeenCalledTimes(1);
    expect(pathsFrom.mock.calls[0]![1]).toHaveLength(3);
    expect(provider.travelSecondsFrom(from, targets, ctx)).toEqual(first);
    expect(provider.travelSecondsFrom(targets[3]!, [from], ctx)[0]).toBe(first[3]);
    expect(pathsFrom).toHaveBeenCalledTimes(1);
  });

  it('answers one-to-many as it answers each pair alone', () => {
    const speeds = new LearnedSpeeds();
    const ctx = { vehicle: 'car' as const, departAt: T10 };
    const from = node(grid, -1, 3);
    const targets = [node(grid, 4, -2), node(grid, -5, -5), node(grid, 2, 2), from];
    const together = new RoadGraphProvider(grid, speeds).travelSecondsFrom(from, targets, ctx);
    const alone = new RoadGraphProvider(grid, speeds);
    targets.forEach((to, i) => {
      expect(together[i]).toBeCloseTo(alone.travelSeconds(from, to, ctx), 9);
    });
  });

  it('times many origins to one stop as that stop to each of them', () => {
    const provider = new RoadGraphProvider(grid, new LearnedSpeeds());
    const ctx = { vehicle: 'bike' as const, departAt: T10 };
    const stop = { lat: CENTER.lat + 0.0011, lng: CENTER.lng - 0.0023 };
    const couriers = [node(grid, 4, -2), node(grid, -5, 1), { lat: CENTER.lat, lng: CENTER.lng }];
    const toStop = provider.travelSecondsTo(couriers, stop, ctx);
    couriers.forEach((courier, i) => {
      expect(toStop[i]).toBeCloseTo(provider.travelSeconds(courier, stop, ctx), 9);
    });
  });

  it('serves far nodes in the same two res-9 cells from one cached path', () => {
    const hierarchy = buildContractionHierarchy(grid);
    const pathBetween = vi.spyOn(hierarchy, 'pathBetween');
    const provider = new RoadGraphProvider(grid, new LearnedSpeeds(), { hierarchy });
    provider.typicalRoadFactors(); // sampled once, before the count
    pathBetween.mockClear();
    const exact = new RoadGraphProvider(grid, new LearnedSpeeds(), { cellPairMinMeters: Infinity });
    const ctx = { vehicle: 'car' as const, departAt: T10 };
    const [from, fromNeighbour] = neighboursInOneCell(grid, -6, -6);
    const [to, toNeighbour] = neighboursInOneCell(grid, 5, 5);
    const cached = provider.travelSeconds(from, to, ctx);
    expect(cached).toBeCloseTo(exact.travelSeconds(from, to, ctx), 9);
    // Another pair of nodes in the same two cells gets the first pair's path, 200 m off at most.
    const stand = provider.travelSeconds(fromNeighbour, toNeighbour, ctx);
    expect(pathBetween).toHaveBeenCalledTimes(1);
    expect(stand).toBe(cached);
    expect(Math.abs(stand - exact.travelSeconds(fromNeighbour, toNeighbour, ctx))).toBeLessThan(
      (2 * 200) / 9,
    );
    // Access legs are the points' own: off the node, the same cached path takes longer.
    const offStreet = { lat: toNeighbour.lat + 0.0002, lng: toNeighbour.lng };
    expect(provider.travelSeconds(fromNeighbour, offStreet, ctx)).toBeGreaterThan(stand);
    expect(pathBetween).toHaveBeenCalledTimes(1);
  });

  it('keys near pairs by node pair, so neighbours in one cell are never 0 s apart', () => {
    const provider = new RoadGraphProvider(grid, new LearnedSpeeds());
    const ctx = { vehicle: 'car' as const, departAt: T10 };
    const a = node(grid, 0, 0);
    const b = node(grid, 1, 0);
    expect(provider.travelSeconds(a, a, ctx)).toBe(0);
    const typical = provider.typicalRoadFactors().motor;
    expect(provider.travelSeconds(a, b, ctx)).toBeCloseTo(200 / ((9 * 1.3) / typical), 1);
  });

  it('runs on a graph shared by another thread, answering as the original', () => {
    const hierarchy = buildContractionHierarchy(grid);
    const speeds = new LearnedSpeeds();
    const original = new RoadGraphProvider(grid, speeds, { hierarchy });
    const shared = RoadGraphProvider.fromSharedGraph(shareRoadGraph(grid, hierarchy), speeds);
    const ctx = { vehicle: 'van' as const, departAt: T10 };
    const from = node(grid, -3, 1);
    const targets = [
      node(grid, 4, -2),
      node(grid, 1, 1),
      { lat: CENTER.lat + 0.001, lng: CENTER.lng },
    ];
    expect(shared.travelSecondsFrom(from, targets, ctx)).toEqual(
      original.travelSecondsFrom(from, targets, ctx),
    );
  });

  it('refuses a hierarchy built for another network', () => {
    const other = gridNetwork({ centerLat: CENTER.lat, centerLng: CENTER.lng, radiusMeters: 600 });
    expect(
      () =>
        new RoadGraphProvider(grid, new LearnedSpeeds(), {
          hierarchy: buildContractionHierarchy(other),
        }),
    ).toThrow(RangeError);
  });
});

/** Two adjacent grid nodes in one res-9 cell, searched outwards from `east`/`north` blocks. */
function neighboursInOneCell(
  network: StreetNetwork,
  east: number,
  north: number,
): [GeoPoint, GeoPoint] {
  for (let ring = 0; ring < 4; ring++) {
    for (let dx = -ring; dx <= ring; dx++) {
      for (let dy = -ring; dy <= ring; dy++) {
        const a = node(network, east + dx, north + dy);
        const b = node(network, east + dx + 1, north + dy);
        const cellOf = (p: GeoPoint): string => latLngToCell(p.lat, p.lng, H3_RES.courier);
        if (cellOf(a) === cellOf(b)) return [a, b];
      }
    }
  }
  throw new Error('no two adjacent nodes share a res-9 cell near there');
}

/** A StreetNetwork that forwards to another but routes through `route` (and is no CsrStreetNetwork). */
function delegatingNetwork(
  base: StreetNetwork,
  route: (a: number, b: number) => StreetRoute | null,
): StreetNetwork {
  return {
    nodeCount: base.nodeCount,
    edgeCount: base.edgeCount,
    bbox: base.bbox,
    node: (i) => base.node(i),
    edges: (i) => base.edges(i),
    nearestNode: (lat, lng) => base.nearestNode(lat, lng),
    shortestPath: (a, b) => route(a, b)?.points ?? [],
    route,
    randomNode: (rng) => base.randomNode(rng),
    toGeoJSON: () => base.toGeoJSON(),
  };
}
