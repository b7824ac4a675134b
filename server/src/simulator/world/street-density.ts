import type { StreetNetwork } from '../../streets/network';

const METERS_PER_DEG_LAT = 111_320;

export interface StreetDensityOptions {
  /** Street nodes are counted within this distance of the point. */
  radiusMeters: number;
  /**
   * Node count that reads as fully dense (1): a downtown grid of short blocks has about this many
   * junctions and shape points within 150 m; a residential grid of 100 m blocks about a third.
   */
  saturationNodes: number;
}

export const DEFAULT_STREET_DENSITY: StreetDensityOptions = {
  radiusMeters: 150,
  saturationNodes: 40,
};

/** Urban-canyon density (0..1) at a point, the GPS model's input. */
export type StreetDensity = (lat: number, lng: number) => number;

/**
 * Density from the street network itself: street nodes within ~150 m, normalised. Many nodes
 * close together mean short blocks and many junctions, where buildings stand close to the street;
 * it is a proxy for building height the world can compute without building data. The nodes are
 * bucketed once into cells of the radius, so a query reads nine cells.
 */
export function streetDensity(
  network: StreetNetwork,
  options: Partial<StreetDensityOptions> = {},
): StreetDensity {
  const { radiusMeters, saturationNodes } = { ...DEFAULT_STREET_DENSITY, ...options };
  const originLat = (network.bbox.south + network.bbox.north) / 2;
  const metersPerDegLng = METERS_PER_DEG_LAT * Math.cos((originLat * Math.PI) / 180);
  const project = (lat: number, lng: number): [number, number] => [
    lng * metersPerDegLng,
    lat * METERS_PER_DEG_LAT,
  ];
  const cells = new Map<string, number[]>();
  const keyOf = (col: number, row: number): string => `${col}:${row}`;
  for (let i = 0; i < network.nodeCount; i++) {
    const node = network.node(i);
    const [x, y] = project(node.lat, node.lng);
    const key = keyOf(Math.floor(x / radiusMeters), Math.floor(y / radiusMeters));
    const bucket = cells.get(key);
    if (bucket) bucket.push(x, y);
    else cells.set(key, [x, y]);
  }
  return (lat, lng) => {
    const [x, y] = project(lat, lng);
    const col = Math.floor(x / radiusMeters);
    const row = Math.floor(y / radiusMeters);
    let count = 0;
    for (let dc = -1; dc <= 1; dc++) {
      for (let dr = -1; dr <= 1; dr++) {
        const bucket = cells.get(keyOf(col + dc, row + dr));
        if (!bucket) continue;
        for (let i = 0; i < bucket.length; i += 2) {
          if (Math.hypot(bucket[i]! - x, bucket[i + 1]! - y) <= radiusMeters) count++;
        }
      }
    }
    return Math.min(1, count / saturationNodes);
  };
}
