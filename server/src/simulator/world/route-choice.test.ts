import { haversineMeters } from '@dispatch/shared';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../lib/rng';
import { gridNetwork } from '../../streets/grid';
import type { StreetNetwork, StreetRoute } from '../../streets/network';
import { chooseRoute, cutShort, drawBehaviour, planParking } from './route-choice';

const network = gridNetwork({ centerLat: -20.46, centerLng: -54.6, radiusMeters: 3000 });

/** Node pairs at least 1 km apart. */
function legs(count: number, seed: number): [number, number][] {
  const rng = createRng(seed);
  const pairs: [number, number][] = [];
  while (pairs.length < count) {
    const a = network.randomNode(rng);
    const b = network.randomNode(rng);
    const na = network.node(a);
    const nb = network.node(b);
    if (haversineMeters(na.lat, na.lng, nb.lat, nb.lng) >= 1000) pairs.push([a, b]);
  }
  return pairs;
}

function isConnected(net: StreetNetwork, route: StreetRoute, from: number, to: number): boolean {
  const nodes = route.points.map(([lat, lng]) => net.nearestNode(lat, lng));
  if (nodes[0] !== from || nodes.at(-1) !== to) return false;
  return nodes.every((v, i) => i === 0 || net.edges(nodes[i - 1]!).some((e) => e.to === v));
}

describe('chooseRoute', () => {
  it('takes another way than the shortest on about the share of legs the propensity says', () => {
    const rng = createRng(3);
    const pairs = legs(200, 1);
    const alternatives = pairs.filter(([a, b]) => chooseRoute(network, a, b, rng, 0.3).alternative);
    expect(alternatives.length).toBeGreaterThan(0.15 * pairs.length);
    expect(alternatives.length).toBeLessThan(0.4 * pairs.length);
  });

  it('always takes the shortest path at propensity 0', () => {
    const rng = createRng(3);
    for (const [a, b] of legs(50, 2)) {
      const { route, alternative } = chooseRoute(network, a, b, rng, 0);
      expect(alternative).toBe(false);
      expect(route).toEqual(network.route(a, b));
    }
  });

  it('makes alternatives longer than the shortest path, and connected from start to end', () => {
    const rng = createRng(4);
    let seen = 0;
    for (const [a, b] of legs(60, 3)) {
      const { route, alternative } = chooseRoute(network, a, b, rng, 1);
      expect(route).not.toBeNull();
      expect(isConnected(network, route!, a, b)).toBe(true);
      const shortest = network.route(a, b)!;
      expect(route!.lengthMeters).toBeLessThanOrEqual(1.8 * shortest.lengthMeters + 1e-6);
      if (alternative) {
        seen++;
        expect(route!.points).not.toEqual(shortest.points);
      }
    }
    expect(seen).toBeGreaterThan(30);
  });
});

describe('parking', () => {
  it('parks cars, vans and scooters short of the door, and not bikes or walkers', () => {
    const rng = createRng(1);
    const stop = network.node(10);
    for (let i = 0; i < 50; i++) {
      const car = planParking(network, stop, 'car', rng)!;
      expect(car.walkMeters).toBeGreaterThanOrEqual(20);
      expect(car.walkMeters).toBeLessThanOrEqual(150);
    }
    expect(planParking(network, stop, 'bike', rng)).toBeNull();
    expect(planParking(network, stop, 'foot', rng)).toBeNull();
  });

  it('sometimes circles the block first', () => {
    const rng = createRng(2);
    const stop = network.node(500);
    const plans = Array.from({ length: 100 }, () => planParking(network, stop, 'car', rng)!);
    const circling = plans.filter((p) => p.circleVia !== null).length;
    expect(circling).toBeGreaterThan(10);
    expect(circling).toBeLessThan(60);
  });

  it('cuts a route the walk short of its end, on the street it ends on', () => {
    const route = network.route(0, 8)!; // eight blocks along the edge of the grid
    const cut = cutShort(route, 300);
    expect(cut.lengthMeters).toBeCloseTo(route.lengthMeters - 300, 6);
    const [lat, lng] = cut.points.at(-1)!;
    const [endLat, endLng] = route.points.at(-1)!;
    expect(haversineMeters(lat, lng, endLat, endLng)).toBeCloseTo(300, 0);
    expect(cut.lastStreet).toEqual([route.points[6], route.points[7]]);
    expect(cutShort(route, 1e6).points).toEqual([route.points[0]]);
  });
});

describe('drawBehaviour', () => {
  it('gives each courier 10-40% detours and a 1.2-1.5 m/s walk', () => {
    const rng = createRng(9);
    for (let i = 0; i < 100; i++) {
      const b = drawBehaviour(rng);
      expect(b.detourPropensity).toBeGreaterThanOrEqual(0.1);
      expect(b.detourPropensity).toBeLessThan(0.4);
      expect(b.walkMps).toBeGreaterThanOrEqual(1.2);
      expect(b.walkMps).toBeLessThan(1.5);
    }
  });
});
