import type { Vehicle } from '@dispatch/shared';
import { createRng } from '../lib/rng';
import type { StreetNetwork } from '../streets/network';
import type { PathCellSummary } from '../streets/path-cells';

const SELF_POWERED: ReadonlySet<Vehicle> = new Set(['foot', 'bike']);

/** A vehicle's speed factor on a road class: a bike or a walker is no faster on an avenue. */
export function vehicleRoadFactor(vehicle: Vehicle, roadSpeedFactor: number): number {
  return SELF_POWERED.has(vehicle) ? Math.min(1, roadSpeedFactor) : roadSpeedFactor;
}

/** The road factor of a typical trip, for motor vehicles and for bikes and walkers. */
export interface TypicalRoadFactors {
  motor: number;
  selfPowered: number;
}

/** Node pairs whose fastest paths stand for a typical trip. */
const SAMPLE_PAIRS = 256;
const SAMPLE_SEED = 0x5eed;

/**
 * The road factor a typical trip holds, for a vehicle: over the fastest paths between seeded
 * random pairs of nodes, metres ÷ Σ(metres ÷ factor), the one factor that times all of them as
 * their stretches do. A vehicle's prior speed and the learned speed ratios are measured on the
 * streets couriers drive, a mix of road classes that leans on the fast ones; a stretch's road
 * factor counts against this mix, not against a residential street (or the mix is counted
 * twice). 1 where no path is found.
 */
export function typicalRoadFactors(
  network: StreetNetwork,
  pathBetween: (a: number, b: number) => PathCellSummary | null,
): TypicalRoadFactors {
  const rng = createRng(SAMPLE_SEED);
  let meters = 0;
  const slowMeters = { motor: 0, selfPowered: 0 };
  for (let i = 0; i < SAMPLE_PAIRS && network.nodeCount > 1; i++) {
    const a = network.randomNode(rng);
    const b = network.randomNode(rng);
    const path = a === b ? null : pathBetween(a, b);
    if (!path) continue;
    for (let k = 0; k < path.cells.length; k++) {
      const m = path.meters[k]!;
      const factor = path.roadFactors[k]!;
      meters += m;
      slowMeters.motor += m / vehicleRoadFactor('car', factor);
      slowMeters.selfPowered += m / vehicleRoadFactor('bike', factor);
    }
  }
  return {
    motor: meters > 0 ? meters / slowMeters.motor : 1,
    selfPowered: meters > 0 ? meters / slowMeters.selfPowered : 1,
  };
}

/** The typical factor that applies to a vehicle. */
export function typicalFactorOf(typical: TypicalRoadFactors, vehicle: Vehicle): number {
  return SELF_POWERED.has(vehicle) ? typical.selfPowered : typical.motor;
}
