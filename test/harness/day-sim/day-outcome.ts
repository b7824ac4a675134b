import type { SimStop } from './sim-courier';

/** On-time performance of one run of the day, over every stop due that day. */
export interface DayOutcome {
  /** Stops whose window closes within the day: the ones the day's promises are about. */
  due: number;
  delivered: number;
  /** Due stops reached by their window end. */
  onTime: number;
  /** Due stops reached after their window end. */
  late: number;
  /** Due stops never reached before the run ended; they count as late. */
  undelivered: number;
  /** onTime ÷ due (1 when nothing was due): a stop never reached lowers it like a late one. */
  onTimeRate: number;
  /**
   * Minutes past the window end, summed over due stops: a stop reached late counts from its
   * window end to its arrival, a stop never reached from its window end to the end of the run
   * (the least it will be late).
   */
  lateMinutes: number;
}

/** What a run is measured against. */
export interface OutcomeSpan {
  /** Epoch ms: stops whose window closes by then are due. */
  dueByMs: number;
  /** Epoch ms the run stopped; lateness of a stop never reached runs up to here. */
  endMs: number;
}

/**
 * Tallies on-time, late and never-reached stops among those due; a stop is on time when the
 * courier reached it by its window end (service may have started then, or later once the window
 * opened, as the routing core has it).
 */
export function dayOutcome(stops: readonly SimStop[], span: OutcomeSpan): DayOutcome {
  let due = 0;
  let delivered = 0;
  let onTime = 0;
  let late = 0;
  let undelivered = 0;
  let lateMs = 0;
  for (const stop of stops) {
    if (stop.status === 'delivered') delivered++;
    if (stop.windowEnd > span.dueByMs) continue;
    due++;
    if (stop.arrivedAt === null) {
      undelivered++;
      lateMs += Math.max(0, span.endMs - stop.windowEnd);
    } else if (stop.arrivedAt <= stop.windowEnd) {
      onTime++;
    } else {
      late++;
      lateMs += stop.arrivedAt - stop.windowEnd;
    }
  }
  return {
    due,
    delivered,
    onTime,
    late,
    undelivered,
    onTimeRate: due > 0 ? onTime / due : 1,
    lateMinutes: lateMs / 60_000,
  };
}
