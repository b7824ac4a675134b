import type { FeatureCollection, LngLat, Polygon } from './geojson';

/** Turns positions into hex cells and cells into outlines; backed by h3-js at resolution 7. */
export interface HexIndexer {
  cellOf(lat: number, lng: number): string;
  /** The cell's outline as a closed [lng, lat] ring. */
  boundaryOf(cell: string): LngLat[];
}

/** Couriers and stops counted in one hex. */
export interface HexBucket {
  cell: string;
  couriers: number;
  openStops: number;
  lateStops: number;
}

/** A stop as the hex layer counts it. */
export interface HexStop {
  lat: number;
  lng: number;
  open: boolean;
  late: boolean;
}

/** Counts couriers (density) and open / late stops per hex cell. */
export function bucketByHex(
  couriers: Iterable<readonly [lat: number, lng: number]>,
  stops: Iterable<HexStop>,
  cellOf: HexIndexer['cellOf'],
): Map<string, HexBucket> {
  const buckets = new Map<string, HexBucket>();
  const bucket = (cell: string) => {
    let b = buckets.get(cell);
    if (!b) buckets.set(cell, (b = { cell, couriers: 0, openStops: 0, lateStops: 0 }));
    return b;
  };
  for (const [lat, lng] of couriers) bucket(cellOf(lat, lng)).couriers++;
  for (const stop of stops) {
    if (!stop.open) continue;
    const b = bucket(cellOf(stop.lat, stop.lng));
    b.openStops++;
    if (stop.late) b.lateStops++;
  }
  return buckets;
}

/** The hexes as polygons with their counts and the share of open stops that are late. */
export function hexFeatures(
  buckets: Iterable<HexBucket>,
  boundaryOf: HexIndexer['boundaryOf'],
): FeatureCollection<Polygon> {
  const features: FeatureCollection<Polygon>['features'] = [];
  for (const b of buckets) {
    features.push({
      type: 'Feature',
      geometry: { type: 'Polygon', coordinates: [boundaryOf(b.cell)] },
      properties: {
        cell: b.cell,
        couriers: b.couriers,
        openStops: b.openStops,
        lateStops: b.lateStops,
        lateShare: b.openStops > 0 ? b.lateStops / b.openStops : 0,
      },
    });
  }
  return { type: 'FeatureCollection', features };
}
