import type { ReplayEvent, ReplayStop } from '@dispatch/shared';

/** Index of the last event at or before `t` (events oldest first), or -1 before the first. */
export function eventIndexAt(events: readonly Pick<ReplayEvent, 'at'>[], t: number): number {
  let lo = 0;
  let hi = events.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (events[mid]!.at <= t) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

/** What a stop's marker shows at a moment. */
export type StopState = 'waiting' | 'late' | 'arrived' | 'delivered' | 'failed';

/** The visits of each stop in time order, for looking up its state at any moment. */
export type StopVisits = Map<number, { at: number; state: 'arrived' | 'delivered' | 'failed' }[]>;

const VISIT_STATE = {
  'stop.arrived': 'arrived',
  'stop.delivered': 'delivered',
  'stop.failed': 'failed',
} as const;

/** Indexes the stop visits among the events (oldest first) by stop. */
export function indexStopVisits(events: readonly ReplayEvent[]): StopVisits {
  const visits: StopVisits = new Map();
  for (const e of events) {
    if (e.stopId === null || !(e.kind in VISIT_STATE)) continue;
    const state = VISIT_STATE[e.kind as keyof typeof VISIT_STATE];
    let list = visits.get(e.stopId);
    if (!list) visits.set(e.stopId, (list = []));
    list.push({ at: e.at, state });
  }
  return visits;
}

/**
 * A stop's state at `t`: its latest visit by then; without one, `late` once its window has
 * closed, else `waiting`.
 */
export function stopStateAt(
  stop: Pick<ReplayStop, 'id' | 'windowEnd'>,
  visits: StopVisits,
  t: number,
): StopState {
  const list = visits.get(stop.id);
  if (list) {
    const i = eventIndexAt(list, t);
    if (i >= 0) return list[i]!.state;
  }
  return t > stop.windowEnd ? 'late' : 'waiting';
}
