import { describe, expect, it } from 'vitest';
import type { PlanVisit } from './plan-problem';
import { plannedArrivals } from './planned-arrivals';
import type { TravelCalibration } from './travel-calibration';

const T0 = Date.UTC(2025, 0, 15, 8);
const MIN = 60_000;
const HUB = { lat: -20.46, lng: -54.61 };
/** The point `northKm` north of the hub. */
const north = (km: number) => ({ lat: HUB.lat + km / 111.195, lng: HUB.lng });
const calibration: TravelCalibration = {
  secondsPerMeter: 0.1,
  factor: { foot: 8, bike: 2, scooter: 1.5, car: 1, van: 1.1 },
  samples: 10,
};
const visit = (km: number, overrides: Partial<PlanVisit> = {}): PlanVisit => ({
  ...north(km),
  windowStart: T0,
  windowEnd: T0 + 600 * MIN,
  serviceSeconds: 120,
  demand: 1,
  ...overrides,
});

describe('plannedArrivals', () => {
  it('chains travel at the vehicle pace and the service of each visit', () => {
    const [first, second] = plannedArrivals(
      { vehicle: 'bike', start: HUB, departAt: T0 },
      [visit(1), visit(2)],
      calibration,
    );
    // 1 km at 0.1 s/m × 2 = 200 s, then 120 s of service and another 200 s.
    expect((first! - T0) / 1000).toBeCloseTo(200, 0);
    expect((second! - T0) / 1000).toBeCloseTo(520, 0);
  });

  it('waits for a window to open before serving and driving on', () => {
    const [first, second] = plannedArrivals(
      { vehicle: 'car', start: HUB, departAt: T0 },
      [visit(1, { windowStart: T0 + 30 * MIN }), visit(2)],
      calibration,
    );
    expect((first! - T0) / 1000).toBeCloseTo(100, 0);
    expect((second! - T0) / 1000).toBeCloseTo(30 * 60 + 120 + 100, 0);
  });

  it('has nothing to say about an empty route', () => {
    expect(plannedArrivals({ vehicle: 'car', start: HUB, departAt: T0 }, [], calibration)).toEqual(
      [],
    );
  });
});
