import { describe, expect, it } from 'vitest';
import { createRng } from '../../../server/src/lib/rng';
import { HOLD_MINUTES, scheduleHolds, type Hold } from './holds';

const SHIFT = { startMs: Date.UTC(2025, 2, 12, 12), endMs: Date.UTC(2025, 2, 12, 20) };
const RATES = { stallRatePerHour: 0.5, breakdownRatePerHour: 0.2 };
const ids = Array.from({ length: 30 }, (_, i) => i + 1);

function holdsOf(courierId: number, holds: readonly Hold[]): Hold[] {
  return holds.filter((h) => h.courierId === courierId);
}

describe('scheduleHolds', () => {
  const holds = scheduleHolds(ids, RATES, createRng(7), SHIFT);

  it('never holds a courier twice at once', () => {
    for (const id of ids) {
      const own = holdsOf(id, holds);
      for (let i = 1; i < own.length; i++)
        expect(own[i]!.fromMs).toBeGreaterThanOrEqual(own[i - 1]!.toMs);
    }
  });

  it('starts every hold within the shift', () => {
    for (const hold of holds) {
      expect(hold.fromMs).toBeGreaterThanOrEqual(SHIFT.startMs);
      expect(hold.fromMs).toBeLessThan(SHIFT.endMs);
    }
  });

  it('lasts as long as its kind does', () => {
    for (const hold of holds) {
      const [min, max] = HOLD_MINUTES[hold.kind];
      const minutes = (hold.toMs - hold.fromMs) / 60_000;
      expect(minutes).toBeGreaterThanOrEqual(min - 0.01);
      expect(minutes).toBeLessThanOrEqual(max + 0.01);
    }
  });

  it('holds nobody when both rates are zero', () => {
    const none = { stallRatePerHour: 0, breakdownRatePerHour: 0 };
    expect(scheduleHolds(ids, none, createRng(7), SHIFT)).toEqual([]);
  });

  it("keeps a courier's holds whoever else is in the fleet", () => {
    const alone = scheduleHolds([12], RATES, createRng(7), SHIFT);
    expect(alone).toEqual(holdsOf(12, holds));
  });
});
