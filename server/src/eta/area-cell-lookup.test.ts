import { describe, expect, it } from 'vitest';
import { H3_RES } from '@dispatch/shared';
import { cellToLatLng, getResolution, gridDisk, latLngToCell } from 'h3-js';
import { AreaCellLookup } from './area-cell-lookup';

describe('AreaCellLookup', () => {
  it('gives the exact area cell away from cell edges, and a neighbour at worst', () => {
    const lookup = new AreaCellLookup();
    let exact = 0;
    for (let i = 0; i < 2000; i++) {
      const lat = -20.5 + (i % 50) * 0.00237;
      const lng = -54.65 + Math.floor(i / 50) * 0.00311;
      const truth = latLngToCell(lat, lng, H3_RES.area);
      const cell = lookup.cellOf(lat, lng);
      expect(getResolution(cell)).toBe(H3_RES.area);
      if (cell === truth) exact++;
      else expect(gridDisk(truth, 1)).toContain(cell);
    }
    // Only points within ~110 m of an edge of a ~1.2 km cell can differ.
    expect(exact / 2000).toBeGreaterThan(0.8);
  });

  it('answers a cell centre with that cell', () => {
    const lookup = new AreaCellLookup();
    const cell = latLngToCell(52.52, 13.405, H3_RES.area);
    const [lat, lng] = cellToLatLng(cell);
    expect(lookup.cellOf(lat, lng)).toBe(cell);
  });
});
