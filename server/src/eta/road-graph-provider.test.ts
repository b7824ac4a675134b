import { H3_RES } from '@dispatch/shared';
import { cellToLatLng, latLngToCell } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { LearnedSpeedProvider } from './learned-speed-provider';
import { LearnedSpeeds } from './learned-speeds';
import { RoadGraphProvider } from './road-graph-provider';
import { circleTrack } from '../../../test/factories/synthetic-tracks';
import { straightLineMeters, type GeoPoint, type TravelTimeProvider } from './travel-time';
import { StreetGraphBuilder } from '../streets/graph-builder';
import { gridNetwork } from '../streets/grid';
import type { StreetNetwork } from '../streets/network';
import { localProjection } from '../streets/projection';

const CENTER = { lat: -20.46, lng: -54.6 };
const T10 = Date.UTC(2025, 2, 12, 10);
const projection = localProjection(CENTER.lat, CENTER.lng);
/** Blocks of 200 m; every fifth street in each direction (through the centre) is an avenue. */
const grid = gridNetwork({ centerLat: CENTER.lat, centerLng: CENTER.lng, radiusMeters: 2000 });

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
    const plain = gridNetwork({
      centerLat: CENTER.lat,
      centerLng: CENTER.lng,
      radiusMeters: 2000,
      avenueEveryBlocks: 0,
    });
    const provider = new RoadGraphProvider(plain, new LearnedSpeeds());
    const from = node(plain, 0, 0);
    const to = node(plain, 3, 4);
    const seconds = provider.travelSeconds(from, to, { vehicle: 'bike', departAt: T10 });
    expect(seconds).toBeCloseTo(1400 / 4.5, 0);
    expect(seconds).toBeGreaterThan(straightLineMeters(from, to) / 4.5);
  });

  it('drives faster along an avenue than along a residential street of the same length', () => {
    const provider = new RoadGraphProvider(grid, new LearnedSpeeds());
    const car = { vehicle: 'car' as const, departAt: T10 };
    const avenue = provider.travelSeconds(node(grid, -2, 0), node(grid, 2, 0), car);
    const street = provider.travelSeconds(node(grid, -2, 2), node(grid, 2, 2), car);
    expect(avenue).toBeCloseTo(800 / (9 * 1.3), 0);
    expect(street).toBeCloseTo(800 / 9, 0);
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
    const ratio = speeds.estimate(cell, speeds.bucketOf(T10)).speedRatio;
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
    const counting: StreetNetwork = Object.create(grid) as StreetNetwork;
    counting.route = (a, b) => {
      searches++;
      return grid.route(a, b);
    };
    const provider = new RoadGraphProvider(counting, new LearnedSpeeds());
    const ctx = { vehicle: 'van' as const, departAt: T10 };
    const from = node(grid, -3, 1);
    const targets = [node(grid, 4, -2), node(grid, 4, -2), node(grid, 1, 1)];
    const first = provider.travelSecondsFrom(from, targets, ctx);
    const again = provider.travelSecondsFrom(from, targets, ctx);
    expect(again).toEqual(first);
    expect(first[0]).toBe(first[1]);
    expect(searches).toBe(2);
  });
});
