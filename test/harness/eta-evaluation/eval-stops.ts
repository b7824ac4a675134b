import { VEHICLE_SPEED_MPS, haversineMeters, type Vehicle } from '@dispatch/shared';
import type { Rng } from '../../../server/src/lib/rng';
import type { StreetNetwork } from '../../../server/src/streets/network';

/** A stop of an evaluation route: at a street node, with a service time. */
export interface EvalStop {
  id: number;
  lat: number;
  lng: number;
  serviceSeconds: number;
  /** Set once the courier got there. */
  arrivedAt: number | null;
}

/** Candidates drawn per new stop; the one closest to the wanted distance wins. */
const CANDIDATES = 12;

/**
 * The next stop after `from`: a street node some 4-10 minutes' travel away for this vehicle,
 * so that walkers and vans alike get a realistic number of stops an hour.
 */
export function nextEvalStop(
  network: StreetNetwork,
  rng: Rng,
  id: number,
  from: { lat: number; lng: number },
  vehicle: Vehicle,
): EvalStop {
  const wantedMeters = (VEHICLE_SPEED_MPS[vehicle] * rng.range(240, 600)) / 1.3;
  let best = network.randomNode(rng);
  let bestMiss = Infinity;
  for (let i = 0; i < CANDIDATES; i++) {
    const candidate = network.randomNode(rng);
    const node = network.node(candidate);
    const miss = Math.abs(haversineMeters(from.lat, from.lng, node.lat, node.lng) - wantedMeters);
    if (miss < bestMiss) {
      bestMiss = miss;
      best = candidate;
    }
  }
  const { lat, lng } = network.node(best);
  return { id, lat, lng, serviceSeconds: Math.round(rng.range(60, 240)), arrivedAt: null };
}
