import type { Rng } from '../../../server/src/lib/rng';

/**
 * A spell a courier cannot move: a stall (stuck in a jam, a flat tyre; the phone keeps
 * reporting the same place) or a breakdown (vehicle and phone out; no reports at all).
 */
export interface Hold {
  courierId: number;
  kind: 'stall' | 'breakdown';
  /** Epoch ms. */
  fromMs: number;
  toMs: number;
}

/** How often and how long couriers are held. */
export interface HoldRates {
  stallRatePerHour: number;
  breakdownRatePerHour: number;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/** Long enough for the detectors (stalled after 5 min, offline after 2), short of a lost day. */
export const HOLD_MINUTES: Record<Hold['kind'], [min: number, max: number]> = {
  stall: [5, 20],
  breakdown: [45, 120],
};

/**
 * Poisson holds per courier over the shift, at most one at a time (the next one can start only
 * after the last has ended). Each courier draws from its own stream, so adding couriers does
 * not move anyone else's holds. Sorted by courier, then start.
 */
export function scheduleHolds(
  courierIds: readonly number[],
  rates: HoldRates,
  rng: Rng,
  shift: { startMs: number; endMs: number },
): Hold[] {
  const total = rates.stallRatePerHour + rates.breakdownRatePerHour;
  if (!(total > 0)) return [];
  const holds: Hold[] = [];
  for (const courierId of courierIds) {
    const own = rng.fork(`holds:${courierId}`);
    let at = shift.startMs;
    for (;;) {
      at += own.exponential(HOUR_MS / total);
      if (at >= shift.endMs) break;
      const kind = own.chance(rates.stallRatePerHour / total) ? 'stall' : 'breakdown';
      const [min, max] = HOLD_MINUTES[kind];
      const toMs = Math.round(at + own.range(min, max) * MINUTE_MS);
      holds.push({ courierId, kind, fromMs: Math.round(at), toMs });
      at = toMs;
    }
  }
  return holds;
}
