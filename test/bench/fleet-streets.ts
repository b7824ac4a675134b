import { gridNetwork } from '../../server/src/streets/grid';
import type { StreetNetwork } from '../../server/src/streets/network';
import { loadOsmNetwork } from '../../server/src/streets/osm';

/** Where the fleet bench's couriers drive: a generated grid or an OSM extract. */
export type NetworkKind = 'grid' | 'osm';

/** Campo Grande, Brazil, as `pnpm start` uses it when no OSM file is given. */
const GRID_CENTER = { lat: -20.4697, lng: -54.6201 };
/** Half the side of the generated grid: a city about 12 km across. */
const GRID_RADIUS_M = 6000;
/** How far the consoles' view reaches beyond the streets, degrees. */
const VIEW_MARGIN_DEG = 0.01;

/**
 * The street network of one run, built the same way in every process that needs it (the
 * orchestrator places couriers and stops on it, the load process drives them along it, the server
 * draws it and, for OSM, routes its ETAs over it).
 */
export async function loadStreets(kind: NetworkKind, osmPath: string): Promise<StreetNetwork> {
  if (kind === 'osm') {
    if (!osmPath) throw new Error('the osm network needs --osm FILE');
    return loadOsmNetwork(osmPath);
  }
  return gridNetwork({
    centerLat: GRID_CENTER.lat,
    centerLng: GRID_CENTER.lng,
    radiusMeters: GRID_RADIUS_M,
  });
}

/** The street node nearest the middle of the network's bounding box. */
export function streetsCenter(network: StreetNetwork): { lat: number; lng: number } {
  const b = network.bbox;
  const node = network.node(network.nearestNode((b.south + b.north) / 2, (b.west + b.east) / 2));
  return { lat: node.lat, lng: node.lng };
}

/** `[west, south, east, north]` covering every street: the consoles' view of the whole city. */
export function cityBounds(network: StreetNetwork): [number, number, number, number] {
  const b = network.bbox;
  return [
    b.west - VIEW_MARGIN_DEG,
    b.south - VIEW_MARGIN_DEG,
    b.east + VIEW_MARGIN_DEG,
    b.north + VIEW_MARGIN_DEG,
  ];
}
