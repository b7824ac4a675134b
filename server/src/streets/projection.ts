const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** An equirectangular projection to metres around an origin; accurate enough across a city. */
export interface LocalProjection {
  /** The origin, kept so another thread can rebuild the same projection. */
  readonly originLat: number;
  readonly originLng: number;
  toX(lng: number): number;
  toY(lat: number): number;
  toLat(yMeters: number): number;
  toLng(xMeters: number): number;
}

export function localProjection(originLat: number, originLng: number): LocalProjection {
  const metersPerDegLat = EARTH_RADIUS_M * RAD;
  const metersPerDegLng = metersPerDegLat * Math.cos(originLat * RAD);
  return {
    originLat,
    originLng,
    toX: (lng) => (lng - originLng) * metersPerDegLng,
    toY: (lat) => (lat - originLat) * metersPerDegLat,
    toLat: (y) => originLat + y / metersPerDegLat,
    toLng: (x) => originLng + x / metersPerDegLng,
  };
}
