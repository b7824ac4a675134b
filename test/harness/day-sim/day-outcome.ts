import type { SimStop } from './sim-courier';

/** On-time performance of one run of the day. */
export interface DayOutcome {
  stops: number;
  delivered: number;
  /** Delivered stops reached by their window end. */
  onTime: number;
  /** onTime ÷ delivered (1 when nothing was delivered). */
  onTimeRate: number;
  /** Minutes past the window end, summed over delivered stops. */
  lateMinutes: number;
  /** Stops still open when the simulation stopped. */
  leftOpen: number;
}

/** Tallies delivered, on-time and late stops; a stop is on time when reached by its window end. */
export function dayOutcome(stops: readonly SimStop[]): DayOutcome {
  let delivered = 0;
  let onTime = 0;
  let lateMs = 0;
  for (const stop of stops) {
    if (stop.status !== 'delivered' || stop.arrivedAt === null) continue;
    delivered++;
    const late = stop.arrivedAt - stop.windowEnd;
    if (late <= 0) onTime++;
    else lateMs += late;
  }
  return {
    stops: stops.length,
    delivered,
    onTime,
    onTimeRate: delivered > 0 ? onTime / delivered : 1,
    lateMinutes: lateMs / 60_000,
    leftOpen: stops.length - delivered,
  };
}
