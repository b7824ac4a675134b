import { haversineMeters } from '@dispatch/shared';
import type { ApiCourier, ApiHub } from './api';
import { gridNetwork } from '../streets/grid';
import type { StreetNetwork } from '../streets/network';
import { loadOsmNetwork } from '../streets/osm';

/** Centre of the Campo Grande reference extract, for a server with no hubs and no positions yet. */
const FALLBACK_CENTER = { lat: -20.47, lng: -54.6 };
const MIN_RADIUS_M = 4000;
const MAX_RADIUS_M = 20_000;

/** The OSM extract when one is given, else a grid around the hubs (or the couriers' last fixes). */
export async function chooseNetwork(
  osmPath: string | null,
  hubs: readonly ApiHub[],
  couriers: readonly ApiCourier[],
): Promise<StreetNetwork> {
  if (osmPath) return loadOsmNetwork(osmPath);
  const anchors: { lat: number; lng: number }[] =
    hubs.length > 0 ? [...hubs] : couriers.flatMap((c) => (c.lastFix ? [c.lastFix] : []));
  if (anchors.length === 0) anchors.push(FALLBACK_CENTER);
  const centerLat = anchors.reduce((sum, a) => sum + a.lat, 0) / anchors.length;
  const centerLng = anchors.reduce((sum, a) => sum + a.lng, 0) / anchors.length;
  const spreadM = Math.max(
    ...anchors.map((a) => haversineMeters(centerLat, centerLng, a.lat, a.lng)),
  );
  const radiusMeters = Math.min(MAX_RADIUS_M, Math.max(MIN_RADIUS_M, spreadM + 3000));
  return gridNetwork({ centerLat, centerLng, radiusMeters });
}
