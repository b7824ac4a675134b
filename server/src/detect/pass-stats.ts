import type { CourierRecord } from './courier-record';
import type { Signal } from './types';

/** What the last tick did. */
export interface TickStats {
  couriersEvaluated: number;
  hubsEvaluated: number;
  signals: number;
  estimatorCalls: number;
}

/** Before any tick: nothing done. */
export const NO_TICK_STATS: Readonly<TickStats> = {
  couriersEvaluated: 0,
  hubsEvaluated: 0,
  signals: 0,
  estimatorCalls: 0,
};

/** A pass in progress: the couriers it evaluates, in order, how far it got, and its signals. */
export interface OpenPass {
  now: number;
  batch: CourierRecord[];
  next: number;
  out: Signal[];
  estimatorCalls: number;
}

/** What a pass did, once its hubs are judged. */
export function passStats(pass: OpenPass, hubsEvaluated: number): TickStats {
  return {
    couriersEvaluated: pass.next,
    hubsEvaluated,
    signals: pass.out.length,
    estimatorCalls: pass.estimatorCalls,
  };
}
