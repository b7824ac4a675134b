/**
 * bench:notify's tracking table: the fleet bench's run (`runFleet`: the real server, couriers
 * pinging along the streets, 20 consoles) twice with the same shape, once with no tracking pages
 * and once with `pages` of them open on stops near the front of the couriers' routes. In both,
 * couriers report their next stop en route once routed, so their routes are out for delivery and
 * the pages show them from the start.
 */
import { runFleet, type FleetRunResult, type FleetShape } from './fleet-run';
import { loadStreets } from './fleet-streets';

export interface TrackingShape {
  couriers: number;
  pages: number;
  warmupS: number;
  durationS: number;
  consoles: number;
  suggestions: boolean;
  seed: number;
  pgUrl: string;
}

export interface TrackingComparison {
  without: FleetRunResult;
  withPages: FleetRunResult;
  shape: FleetShape;
}

/** The fleet bench's defaults, but for the window and the consoles. */
export function trackingFleetShape(shape: TrackingShape): FleetShape {
  return {
    warmupS: shape.warmupS,
    durationS: shape.durationS,
    consoles: shape.consoles,
    pingEveryS: 5,
    stopsPerCourier: 4,
    offlineAfterS: 30,
    stallAfterS: 60,
    offlinePerMin: 20,
    stallsPerMin: 20,
    latePerMin: 20,
    consoleTickMs: 500,
    seed: shape.seed,
    pgUrl: shape.pgUrl,
    osmPath: '',
    profileDir: '',
  };
}

export async function runTrackingComparison(shape: TrackingShape): Promise<TrackingComparison> {
  const streets = await loadStreets('grid', '');
  const fleetShape = trackingFleetShape(shape);
  const run = (trackingPages: number) =>
    runFleet(
      {
        network: 'grid',
        streets,
        couriers: shape.couriers,
        suggestions: shape.suggestions,
        trackingPages,
        setsOff: true,
      },
      fleetShape,
    );
  const without = await run(0);
  const withPages = await run(shape.pages);
  return { without, withPages, shape: fleetShape };
}
