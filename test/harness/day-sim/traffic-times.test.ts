import { VEHICLE_SPEED_MPS } from '@dispatch/shared';
import { describe, expect, it } from 'vitest';
import {
  createTraffic,
  expectedTravelSeconds,
  networkDegree,
} from '../../../server/src/simulator/world/traffic';
import { gridNetwork } from '../../../server/src/streets/grid';
import { TrafficTimes } from './traffic-times';

const network = gridNetwork({ centerLat: -20.46, centerLng: -54.6, radiusMeters: 1_000 });
const traffic = createTraffic({ seed: 5, utcOffsetMinutes: -240 });
const nodes = [0, 17, 60, network.nodeCount - 1];
/** 08:00 and 13:00 local time: the morning rush and the calm after lunch. */
const RUSH = Date.UTC(2025, 2, 12, 12);
const CALM = Date.UTC(2025, 2, 12, 17);

describe('TrafficTimes', () => {
  it('times each leg as the world expects it, leaving at the origin’s own instant', () => {
    const departMs = [RUSH, CALM, RUSH, CALM];
    const matrix = new TrafficTimes(network, traffic, 'car').secondsMatrix(nodes, departMs);
    nodes.forEach((from, i) =>
      nodes.forEach((to, j) => {
        if (from === to) return;
        const expected = expectedTravelSeconds(
          traffic,
          network.route(from, to)!,
          VEHICLE_SPEED_MPS.car,
          'car',
          departMs[i]!,
          networkDegree(network),
        );
        expect(matrix[i * nodes.length + j]).toBeCloseTo(expected, 0);
      }),
    );
  });

  it('adds the allowance for each leg between two places, none for staying put', () => {
    const departMs = nodes.map(() => CALM);
    const plain = new TrafficTimes(network, traffic, 'car').secondsMatrix(nodes, departMs);
    const withHabits = new TrafficTimes(network, traffic, 'car', 90).secondsMatrix(nodes, departMs);
    expect(withHabits[1]! - plain[1]!).toBeCloseTo(90, 6);
    expect(withHabits[0]).toBe(0);
  });

  it('needs a departure instant per node', () => {
    expect(() => new TrafficTimes(network, traffic, 'car').secondsMatrix(nodes)).toThrow(
      RangeError,
    );
  });
});
