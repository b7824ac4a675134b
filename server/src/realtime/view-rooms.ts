import { gridDisk, latLngToCell, polygonToCells, isValidCell, getResolution } from 'h3-js';
import { DomainError, H3_RES, type ViewRequest } from '@dispatch/shared';

/** Most res-5 rooms one console may watch (a region a few hundred km across). */
export const MAX_VIEW_ROOMS = 400;

/**
 * The res-5 cells covering a view: the cells given, or every cell that overlaps the bounds
 * (cells whose centre is inside, plus a ring around them for the partly visible ones).
 */
export function roomsForView(view: ViewRequest): string[] {
  if (view.cells && view.cells.length > 0) {
    for (const cell of view.cells) {
      if (!isValidCell(cell) || getResolution(cell) !== H3_RES.room) {
        throw new DomainError('invalid', `${cell} is not an H3 cell at resolution ${H3_RES.room}`);
      }
    }
    return [...new Set(view.cells)];
  }
  if (!view.bounds)
    throw new DomainError(
      'invalid',
      'a view needs bounds [west, south, east, north] or res-5 cells',
    );
  const [west, south, east, north] = view.bounds;
  if (!(west < east) || !(south < north)) {
    throw new DomainError(
      'invalid',
      'bounds must be [west, south, east, north] with west < east and south < north',
    );
  }
  // A rough area check first, so a whole-world view does not make H3 enumerate millions of cells.
  const degrees2 = (east - west) * (north - south);
  if (degrees2 > 60) throw new DomainError('invalid', 'the view is too large to stream; zoom in');
  const inner = polygonToCells(
    [
      [south, west],
      [north, west],
      [north, east],
      [south, east],
    ],
    H3_RES.room,
  );
  const seeds = new Set(inner);
  for (const [lat, lng] of [
    [south, west],
    [north, west],
    [north, east],
    [south, east],
    [(south + north) / 2, (west + east) / 2],
  ] as const) {
    seeds.add(latLngToCell(lat, lng, H3_RES.room));
  }
  const rooms = new Set<string>();
  for (const cell of seeds) for (const c of gridDisk(cell, 1)) rooms.add(c);
  if (rooms.size > MAX_VIEW_ROOMS)
    throw new DomainError('invalid', 'the view is too large to stream; zoom in');
  return [...rooms];
}
