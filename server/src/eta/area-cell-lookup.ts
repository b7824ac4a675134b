import { H3_RES } from '@dispatch/shared';
import { latLngToCell } from 'h3-js';

/** Grid step, degrees (about 110 m of latitude): far finer than a res-7 cell (edge ~1.2 km). */
const STEP_DEG = 0.001;
/** Grid squares remembered before starting afresh (a city needs a few tens of thousands). */
const MAX_ENTRIES = 200_000;

/**
 * The res-7 area cell of a place (or a coarser resolution's), remembered per ~110 m grid
 * square: travel-time estimates ask for the cell of a point every few hundred metres along
 * every leg, and H3's own lookup is the larger part of an estimate's cost. A point within
 * ~110 m of a cell's edge may get the cell next door, whose learned speed is the same
 * neighbourhood's; learning itself uses exact cells.
 */
export class AreaCellLookup {
  private readonly cells = new Map<number, string>();

  constructor(private readonly resolution: number = H3_RES.area) {}

  cellOf(lat: number, lng: number): string {
    const row = Math.round(lat / STEP_DEG);
    const column = Math.round(lng / STEP_DEG);
    // Rows fit in ±90,000 and columns in ±180,000: one exact integer key.
    const key = (row + 100_000) * 400_000 + (column + 200_000);
    let cell = this.cells.get(key);
    if (cell === undefined) {
      if (this.cells.size >= MAX_ENTRIES) this.cells.clear();
      cell = latLngToCell(row * STEP_DEG, column * STEP_DEG, this.resolution);
      this.cells.set(key, cell);
    }
    return cell;
  }
}
