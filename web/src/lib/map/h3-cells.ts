import { cellToBoundary, latLngToCell } from 'h3-js';
import { H3_RES } from '@dispatch/shared';
import type { LngLat } from './geojson';
import type { HexIndexer } from './hex-buckets';

/** Neighbourhood hexes (H3 resolution 7) for the console's density / late-stop layer. */
export const areaHexes: HexIndexer = {
  cellOf: (lat, lng) => latLngToCell(lat, lng, H3_RES.area),
  boundaryOf: (cell) => cellToBoundary(cell, true) as LngLat[],
};
