import { VEHICLE_SPEED_MPS } from '@dispatch/shared';
import { describe, expect, it } from 'vitest';
import { gridNetwork } from '../../../server/src/streets/grid';
import { StreetTimes } from './street-times';

const network = gridNetwork({ centerLat: -20.46, centerLng: -54.6, radiusMeters: 1_000 });
const nodes = [0, 17, 60, 60, network.nodeCount - 1];

/** Seconds a car takes along the network's own fastest path at a uniform place factor. */
function routeSeconds(from: number, to: number, place: number): number {
  const path = network.route(from, to)!.points.map(([lat, lng]) => network.nearestNode(lat, lng));
  let seconds = 0;
  for (let i = 0; i + 1 < path.length; i++) {
    const edge = network.edges(path[i]!).find((e) => e.to === path[i + 1])!;
    seconds += edge.lengthMeters / (VEHICLE_SPEED_MPS.car * edge.speedFactor * place);
  }
  return seconds;
}

describe('StreetTimes', () => {
  it("times a car along the couriers' fastest paths", () => {
    const matrix = new StreetTimes(network, { vehicle: 'car', placeFactor: () => 1 }).secondsMatrix(
      nodes,
    );
    nodes.forEach((from, i) =>
      nodes.forEach((to, j) => {
        expect(matrix[i * nodes.length + j]).toBeCloseTo(routeSeconds(from, to, 1), 6);
      }),
    );
  });

  it('takes twice as long where everything goes at half speed', () => {
    const ordinary = new StreetTimes(network, { vehicle: 'car', placeFactor: () => 1 });
    const slow = new StreetTimes(network, { vehicle: 'car', placeFactor: () => 0.5 });
    const a = ordinary.secondsMatrix(nodes);
    const b = slow.secondsMatrix(nodes);
    a.forEach((seconds, k) => expect(b[k]).toBeCloseTo(2 * seconds, 6));
  });

  it('gives a bike no benefit from the avenues', () => {
    const car = new StreetTimes(network, { vehicle: 'car', placeFactor: () => 1 });
    const bike = new StreetTimes(network, { vehicle: 'bike', placeFactor: () => 1 });
    const corner = [0, network.nodeCount - 1];
    const carSeconds = car.secondsMatrix(corner)[1]!;
    const bikeSeconds = bike.secondsMatrix(corner)[1]!;
    const meters = network.route(0, network.nodeCount - 1)!.lengthMeters;
    expect(bikeSeconds).toBeCloseTo(meters / VEHICLE_SPEED_MPS.bike, 6);
    expect(carSeconds).toBeLessThan(meters / VEHICLE_SPEED_MPS.car);
  });
});
