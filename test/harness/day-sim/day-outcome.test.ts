import { describe, expect, it } from 'vitest';
import { dayOutcome } from './day-outcome';
import type { SimStop } from './sim-courier';

const MINUTE = 60_000;

/** A stop with a window ending at `windowEndMin` minutes, reached at `arrivedMin` (null: never). */
function stop(id: number, windowEndMin: number, arrivedMin: number | null): SimStop {
  return {
    id,
    kind: 'delivery',
    orderRef: `o${id}`,
    node: 0,
    lat: 0,
    lng: 0,
    windowStart: 0,
    windowEnd: windowEndMin * MINUTE,
    serviceSeconds: 60,
    demand: 1,
    slaTier: 'same_day',
    status: arrivedMin === null ? 'assigned' : 'delivered',
    courierId: 1,
    arrivedAt: arrivedMin === null ? null : arrivedMin * MINUTE,
    deliveredAt: arrivedMin === null ? null : (arrivedMin + 1) * MINUTE,
  };
}

describe('dayOutcome', () => {
  // Due by minute 480, the run ended at minute 600.
  const span = { dueByMs: 480 * MINUTE, endMs: 600 * MINUTE };
  const stops = [
    stop(1, 100, 90), // on time
    stop(2, 100, 100), // on time: reached right at the window end
    stop(3, 200, 230), // 30 min late
    stop(4, 400, null), // never reached: 200 min to the end of the run
    stop(5, 500, null), // its window closes after the day: not due
  ];
  const outcome = dayOutcome(stops, span);

  it('counts every stop whose window closes within the day, and only those', () => {
    expect(outcome.due).toBe(4);
  });

  it('counts a stop never reached as late, not as missing', () => {
    expect(outcome).toMatchObject({ onTime: 2, late: 1, undelivered: 1 });
    expect(outcome.onTimeRate).toBeCloseTo(2 / 4);
  });

  it('adds the minutes from the window end to the end of the run for a stop never reached', () => {
    expect(outcome.lateMinutes).toBeCloseTo(30 + 200);
  });

  it('counts delivered stops apart from the on-time tally', () => {
    expect(outcome.delivered).toBe(3);
  });

  it('is 1 when nothing is due', () => {
    expect(dayOutcome([], span).onTimeRate).toBe(1);
  });
});
