import type { ViewRequest } from '@dispatch/shared';

export interface Bounds {
  west: number;
  south: number;
  east: number;
  north: number;
}

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
const round = (v: number) => Math.round(v * 1e5) / 1e5;

/**
 * The `view` for the map's visible bounds, clamped to the valid range. A view across the
 * antimeridian is cut at 180°: the server takes [west, south, east, north] with west < east.
 */
export function viewForBounds(b: Bounds): ViewRequest {
  const west = clamp(b.west, -180, 180);
  const east = clamp(b.east < b.west ? 180 : b.east, -180, 180);
  return {
    bounds: [
      round(west),
      round(clamp(b.south, -90, 90)),
      round(east),
      round(clamp(b.north, -90, 90)),
    ],
  };
}

/** Calls `fn` once calls have stopped for `waitMs`; `cancel` drops a pending call. */
export function debounce<A extends unknown[]>(fn: (...args: A) => void, waitMs: number) {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const debounced = (...args: A) => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      fn(...args);
    }, waitMs);
  };
  debounced.cancel = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
  };
  return debounced;
}
