import { StreetGraphBuilder } from './graph-builder';
import type { CsrStreetNetwork } from './csr-network';
import { localProjection } from './projection';

export interface GridNetworkOptions {
  centerLat: number;
  centerLng: number;
  /** Half the side of the square the grid covers. */
  radiusMeters?: number;
  blockMeters?: number;
  /** Every n-th street in each direction is a faster avenue; 0 for none. */
  avenueEveryBlocks?: number;
}

/** A generated Manhattan-style street grid around a centre, for when no OSM extract is given. */
export function gridNetwork({
  centerLat,
  centerLng,
  radiusMeters = 4000,
  blockMeters = 200,
  avenueEveryBlocks = 5,
}: GridNetworkOptions): CsrStreetNetwork {
  if (!(blockMeters > 0) || !(radiusMeters >= blockMeters)) {
    throw new RangeError('gridNetwork needs blockMeters > 0 and radiusMeters >= blockMeters');
  }
  const half = Math.floor(radiusMeters / blockMeters);
  const side = 2 * half + 1;
  const projection = localProjection(centerLat, centerLng);
  const builder = new StreetGraphBuilder();
  const indexAt = (col: number, row: number): number => row * side + col;
  for (let row = 0; row < side; row++) {
    for (let col = 0; col < side; col++) {
      const lat = projection.toLat((row - half) * blockMeters);
      const lng = projection.toLng((col - half) * blockMeters);
      builder.addNode(indexAt(col, row) + 1, lat, lng);
    }
  }
  const isAvenue = (line: number): boolean =>
    avenueEveryBlocks > 0 && (line - half) % avenueEveryBlocks === 0;
  for (let row = 0; row < side; row++) {
    for (let col = 0; col < side; col++) {
      // East-west segments run along `row`, north-south ones along `col`.
      if (col + 1 < side) {
        const cls = isAvenue(row) ? 'primary' : 'residential';
        builder.addEdge(indexAt(col, row), indexAt(col + 1, row), cls);
      }
      if (row + 1 < side) {
        const cls = isAvenue(col) ? 'primary' : 'residential';
        builder.addEdge(indexAt(col, row), indexAt(col, row + 1), cls);
      }
    }
  }
  return builder.build();
}
