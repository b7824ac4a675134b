import { describe, expect, it } from 'vitest';
import type { RoutingProblem } from '../routing/problem';
import { placeLate } from './late-placement';

/** Nodes 0..2 are stops, 3 and 4 the two vehicles' starts; travel is |i − j| × 100 s. */
function problem(windowEnds: number[]): RoutingProblem {
  const n = 5;
  const positions = [5, 2, 10, 0, 10];
  const travel = new Float64Array(n * n);
  for (let i = 0; i < n; i++)
    for (let j = 0; j < n; j++) travel[i * n + j] = Math.abs(positions[i]! - positions[j]!) * 100;
  return {
    nodes: [
      ...windowEnds.map((windowEnd) => ({ windowStart: 0, windowEnd, serviceTime: 0, demand: 1 })),
      { windowStart: 0, windowEnd: Infinity, serviceTime: 0, demand: 0 },
      { windowStart: 0, windowEnd: Infinity, serviceTime: 0, demand: 0 },
    ],
    stops: [0, 1, 2],
    vehicles: [
      { startNode: 3, capacity: 10, earliestDeparture: 0, latestEnd: 10_000 },
      { startNode: 4, capacity: 10, earliestDeparture: 0, latestEnd: 10_000 },
    ],
    travelTimes: travel,
    distances: travel,
  };
}

describe('placeLate', () => {
  it('puts a stop where it adds the least lateness', () => {
    // Stop 2 (at 10) is due at 500 s: only the vehicle starting there reaches it on time.
    const routes = [[0, 1], []];
    placeLate(problem([100, 200, 500]), routes, [2]);
    expect(routes).toEqual([[0, 1], [2]]);
  });

  it('keeps the later stops of a route on time when it can only be late', () => {
    // Stop 0 (at 5) is due at 50 s, out of anyone's reach; going there first would make stop 1 late too.
    const routes = [[1], [2]];
    placeLate(problem([50, 200, 5_000]), routes, [0]);
    expect(routes).toEqual([[1, 0], [2]]);
  });

  it('uses a vehicle with room when there is one', () => {
    // Vehicle 1 reaches stop 2 first, but it is full.
    const full = problem([100, 200, 500]);
    const vehicles = [full.vehicles[0]!, { ...full.vehicles[1]!, capacity: 1, usedLoad: 1 }];
    const routes: number[][] = [[0], []];
    placeLate({ ...full, vehicles }, routes, [2]);
    expect(routes).toEqual([[0, 2], []]);
  });

  it('leaves out a stop whose best place adds more lateness than allowed, and says so', () => {
    const routes: number[][] = [[], []];
    const result = placeLate(problem([50, 5_000, 5_000]), routes, [0, 1], {
      maxAddedLateSeconds: 0,
    });
    expect(result.left).toEqual([0]);
    expect(result.placed.map((p) => p.stop)).toEqual([1]);
    expect(routes.flat()).toEqual([1]);
  });

  it('measures travel at each vehicle’s own pace', () => {
    // Stop 0 (at 5) is 500 s from both starts and due at 600 s: a tie goes to vehicle 0, unless
    // vehicle 0 drives ten times slower.
    const base = problem([600, 5_000, 5_000]);
    const vehicles = [{ ...base.vehicles[0]!, travelFactor: 10 }, base.vehicles[1]!];
    const routes: number[][] = [[], []];
    const result = placeLate({ ...base, vehicles }, routes, [0]);
    expect(routes).toEqual([[], [0]]);
    expect(result.placed[0]!.addedLateSeconds).toBe(0);
    const tie: number[][] = [[], []];
    placeLate(base, tie, [0]);
    expect(tie).toEqual([[0], []]);
  });

  it('spreads late stops over vehicles under their stop limit before filling one up', () => {
    // Stops 0 and 1 are out of anyone's reach; both would go to vehicle 0 (start at 0, nearer).
    const base = problem([10, 10, 5_000]);
    const unlimited: number[][] = [[], []];
    placeLate(base, unlimited, [0, 1]);
    expect(unlimited).toEqual([[1, 0], []]);
    const limited: number[][] = [[], []];
    placeLate(base, limited, [0, 1], { maxStops: [1, 1] });
    expect(limited.map((r) => r.length)).toEqual([1, 1]);
  });
});
