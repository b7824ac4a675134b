import type { Stop } from '@dispatch/shared';
import { stopVerdict } from '../state/stops.svelte';
import type { FeatureCollection, Polygon } from './geojson';
import { areaHexes } from './h3-cells';
import { bucketByHex, hexFeatures } from './hex-buckets';

/** Where each courier in view is headed (the fleet table's latest fixes). */
export interface HeadedCouriers {
  count: number;
  toLat: ArrayLike<number>;
  toLng: ArrayLike<number>;
}

/** The neighbourhood hexes to draw: couriers and open / late stops (already filtered) at `now`. */
export function hexLayerData(
  couriers: HeadedCouriers,
  stops: readonly Stop[],
  now: number,
): FeatureCollection<Polygon> {
  const positions: [number, number][] = [];
  for (let slot = 0; slot < couriers.count; slot++)
    positions.push([couriers.toLat[slot]!, couriers.toLng[slot]!]);
  const counted = stops.map((s) => {
    const { state } = stopVerdict(s, now);
    return {
      lat: s.lat,
      lng: s.lng,
      open: state !== 'done' && state !== 'failed',
      late: state === 'late',
    };
  });
  return hexFeatures(
    bucketByHex(positions, counted, areaHexes.cellOf).values(),
    areaHexes.boundaryOf,
  );
}
