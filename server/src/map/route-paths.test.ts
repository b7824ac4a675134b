import { DomainError, type RoutePayload, type RouteStop } from '@dispatch/shared';
import { describe, expect, it } from 'vitest';
import { RoutePaths } from './route-paths';
import type { MapPoint, StreetPathFinder } from './street-path-finder';

function stop(id: number, seq: number, lat: number, lng: number): RouteStop {
  return {
    id,
    seq,
    kind: 'delivery',
    status: 'assigned',
    lat,
    lng,
    address: `Street ${id}`,
    orderRef: null,
    windowStart: 0,
    windowEnd: 3_600_000,
    serviceSeconds: 120,
    eta: null,
  };
}

/** A route of `count` stops heading east, 0.001° apart. */
function routeOf(count: number, version = 1): RoutePayload {
  const stops = Array.from({ length: count }, (_, i) => stop(100 + i, i + 1, 0, 0.001 * (i + 1)));
  return { courierId: 7, version, stops };
}

/** A street path finder that goes north first, then east, and counts its calls. */
function lShapedFinder(): { find: StreetPathFinder; calls: () => number } {
  let calls = 0;
  return {
    find: (from: MapPoint, to: MapPoint) => {
      calls++;
      return [
        [from.lng, from.lat],
        [from.lng, to.lat + 0.0005],
        [to.lng, to.lat + 0.0005],
        [to.lng, to.lat],
      ];
    },
    calls: () => calls,
  };
}

describe('RoutePaths', () => {
  it('draws a leg from the courier to its next stop, then stop to stop, along the streets', async () => {
    const { find } = lShapedFinder();
    const paths = new RoutePaths({
      route: () => Promise.resolve(routeOf(3)),
      position: () => ({ lat: 0, lng: 0 }),
      findPath: find,
    });
    const path = await paths.pathOf(7);
    expect(path.shape).toBe('streets');
    expect(path.version).toBe(1);
    expect(path.legs.map((l) => [l.fromStopId, l.toStopId])).toEqual([
      [null, 100],
      [100, 101],
      [101, 102],
    ]);
    expect(path.legs.every((l) => l.shape === 'streets')).toBe(true);
    expect(path.legs[1]!.geometry.coordinates).toEqual([
      [0.001, 0],
      [0.001, 0.0005],
      [0.002, 0.0005],
      [0.002, 0],
    ]);
    expect(path.stopsLeftOut).toBe(0);
  });

  it('draws straight legs when there is no road graph', async () => {
    const paths = new RoutePaths({
      route: () => Promise.resolve(routeOf(2)),
      position: () => ({ lat: 0, lng: 0 }),
      findPath: null,
    });
    const path = await paths.pathOf(7);
    expect(path.shape).toBe('straight');
    expect(path.legs.map((l) => l.geometry.coordinates)).toEqual([
      [
        [0, 0],
        [0.001, 0],
      ],
      [
        [0.001, 0],
        [0.002, 0],
      ],
    ]);
  });

  it('draws a straight leg where no street path joins its ends', async () => {
    const paths = new RoutePaths({
      route: () => Promise.resolve(routeOf(2)),
      position: () => ({ lat: 0, lng: 0 }),
      findPath: (from) => (from.lng === 0 ? null : lShapedFinder().find(from, from)),
    });
    const path = await paths.pathOf(7);
    expect(path.shape).toBe('streets');
    expect(path.legs.map((l) => l.shape)).toEqual(['straight', 'streets']);
  });

  it('starts at the first stop when the courier has no position yet', async () => {
    const paths = new RoutePaths({
      route: () => Promise.resolve(routeOf(3)),
      position: () => null,
      findPath: lShapedFinder().find,
    });
    const path = await paths.pathOf(7);
    expect(path.legs.map((l) => l.fromStopId)).toEqual([100, 101]);
  });

  it('draws at most maxLegs legs and counts the stops left out', async () => {
    const withPosition = new RoutePaths({
      route: () => Promise.resolve(routeOf(40)),
      position: () => ({ lat: 0, lng: 0 }),
      findPath: lShapedFinder().find,
      maxLegs: 30,
    });
    const path = await withPosition.pathOf(7);
    expect(path.legs).toHaveLength(30);
    expect(path.legs.at(-1)!.toStopId).toBe(129);
    expect(path.stopsLeftOut).toBe(10);

    const withoutPosition = new RoutePaths({
      route: () => Promise.resolve(routeOf(40)),
      position: () => null,
      findPath: lShapedFinder().find,
      maxLegs: 30,
    });
    const fromStops = await withoutPosition.pathOf(7);
    expect(fromStops.legs).toHaveLength(30);
    expect(fromStops.stopsLeftOut).toBe(9);
  });

  it('finds legs between stops once; the leg from the moving courier every time', async () => {
    const { find, calls } = lShapedFinder();
    let route = routeOf(4);
    const paths = new RoutePaths({
      route: () => Promise.resolve(route),
      position: () => ({ lat: 0, lng: 0 }),
      findPath: find,
    });
    await paths.pathOf(7);
    expect(calls()).toBe(4);
    await paths.pathOf(7);
    expect(calls()).toBe(5);
    // The first stop is done: a new version keeps the legs between the remaining stops.
    route = { ...routeOf(4, 2), stops: routeOf(4).stops.slice(1) };
    await paths.pathOf(7);
    expect(calls()).toBe(6);
    // A stop moved: the two legs touching it are found again.
    route = {
      ...route,
      version: 3,
      stops: route.stops.map((s) => (s.id === 102 ? { ...s, lat: 0.0002 } : s)),
    };
    await paths.pathOf(7);
    expect(calls()).toBe(9);
  });

  it('passes on a courier that does not exist', async () => {
    const paths = new RoutePaths({
      route: () => Promise.reject(new DomainError('not_found', 'courier 7 does not exist')),
      position: () => null,
      findPath: null,
    });
    await expect(paths.pathOf(7)).rejects.toMatchObject({ code: 'not_found' });
  });
});
