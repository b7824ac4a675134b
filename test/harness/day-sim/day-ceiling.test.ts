import { describe, expect, it } from 'vitest';
import { sharedStopLimits } from './day-ceiling';
import type { ShiftPart } from './shift-parts';

const HOUR = 3_600_000;

function part(courierId: number, fromH: number, toH: number, index: number): ShiftPart {
  return { courierId, fromMs: fromH * HOUR, toMs: toH * HOUR, index };
}

describe('sharedStopLimits', () => {
  it('gives an unheld courier the whole limit', () => {
    expect(sharedStopLimits([part(1, 0, 8, 0)], 18)).toEqual([18]);
  });

  it("shares a held courier's limit among its parts by their length, summing to the limit", () => {
    // 6 h and 1.5 h of work: 18 × 6 / 7.5 = 14.4 and 3.6, the larger remainder rounded up.
    const limits = sharedStopLimits([part(1, 0, 6, 0), part(1, 6.5, 8, 1), part(2, 0, 8, 0)], 18);
    expect(limits).toEqual([14, 4, 18]);
  });

  it('never gives a courier more than the limit however its shift is cut', () => {
    const parts = [part(1, 0, 1, 0), part(1, 2, 3, 1), part(1, 4, 5, 2)];
    const limits = sharedStopLimits(parts, 10);
    expect(limits.reduce((a, b) => a + b, 0)).toBe(10);
    expect(Math.max(...limits) - Math.min(...limits)).toBeLessThanOrEqual(1);
  });
});
