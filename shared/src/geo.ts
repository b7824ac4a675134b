import { cellToParent, latLngToCell } from 'h3-js';

/** H3 resolutions used across the product (DESIGN section 7). */
export const H3_RES = {
  /** Street block: courier and stop cells, nearest-courier search. */
  courier: 9,
  /** Neighbourhood: learned speeds and heat maps. */
  area: 7,
  /** City district: console subscription rooms. */
  room: 5,
} as const;

const EARTH_RADIUS_M = 6_371_008.8;
const RAD = Math.PI / 180;

/** Great-circle distance in metres. */
export function haversineMeters(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const dLat = (lat2 - lat1) * RAD;
  const dLng = (lng2 - lng1) * RAD;
  const a =
    Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(a)));
}

/** Initial bearing from the first point to the second, degrees clockwise from north. */
export function bearingDegrees(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const y = Math.sin((lng2 - lng1) * RAD) * Math.cos(lat2 * RAD);
  const x =
    Math.cos(lat1 * RAD) * Math.sin(lat2 * RAD) -
    Math.sin(lat1 * RAD) * Math.cos(lat2 * RAD) * Math.cos((lng2 - lng1) * RAD);
  return (Math.atan2(y, x) / RAD + 360) % 360;
}

/** The res-9 cell of a position. */
export function courierCell(lat: number, lng: number): string {
  return latLngToCell(lat, lng, H3_RES.courier);
}

/** The res-5 console room of a res-9 (or finer) cell. */
export function roomOfCell(cell: string): string {
  return cellToParent(cell, H3_RES.room);
}
