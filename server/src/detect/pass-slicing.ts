/**
 * How a detection pass is cut into event-loop turns, so that no single turn holds the server
 * (pings, sockets, an embedded database) for long at 10,000 couriers.
 */
export interface PassSlicing {
  /** Couriers evaluated in one turn at most; also what makes slicing independent of speed. */
  couriersPerSlice: number;
  /** Work in one turn at most, milliseconds, checked after each courier or batch of alerts. */
  msPerSlice: number;
}

/**
 * 500 couriers take about 2 ms without new predictions; a courier's predictions take about
 * 0.1 ms (straight lines) to a few (road graph), so the time bound is usually the one that cuts.
 */
export const DEFAULT_PASS_SLICING: PassSlicing = { couriersPerSlice: 500, msPerSlice: 10 };

/** Says, after each step of a slice, whether the slice should end here. */
export type SliceEnd = () => boolean;

/** Never ends a slice: the whole pass in one go. */
export const NEVER_END_SLICE: SliceEnd = () => false;

/** Ends the slice once it has taken `steps` steps or `ms` milliseconds since it was made. */
export function sliceEnd(
  steps: number,
  ms: number,
  clock: () => number = performance.now.bind(performance),
): SliceEnd {
  const started = clock();
  let taken = 0;
  return () => ++taken >= steps || clock() - started >= ms;
}
