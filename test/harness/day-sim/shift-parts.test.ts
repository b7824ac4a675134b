import { describe, expect, it } from 'vitest';
import type { Hold } from './holds';
import { shiftParts } from './shift-parts';

const MINUTE = 60_000;
const SHIFT = { startMs: 0, endMs: 480 * MINUTE };
const WHOLE = { fromMs: 0, toMs: 480 * MINUTE };

function hold(courierId: number, fromMinute: number, toMinute: number): Hold {
  return { courierId, kind: 'breakdown', fromMs: fromMinute * MINUTE, toMs: toMinute * MINUTE };
}

describe('shiftParts', () => {
  it('gives a courier without holds the whole shift as one part', () => {
    expect(shiftParts([1], [], SHIFT)).toEqual([{ courierId: 1, ...WHOLE, index: 0 }]);
  });

  it('cuts the shift around each hold, resuming when it ends', () => {
    const parts = shiftParts([1, 2], [hold(1, 300, 360), hold(1, 60, 90)], SHIFT);
    expect(parts).toEqual([
      { courierId: 1, fromMs: 0, toMs: 60 * MINUTE, index: 0 },
      { courierId: 1, fromMs: 90 * MINUTE, toMs: 300 * MINUTE, index: 1 },
      { courierId: 1, fromMs: 360 * MINUTE, toMs: 480 * MINUTE, index: 2 },
      { courierId: 2, ...WHOLE, index: 0 },
    ]);
  });

  it('drops parts shorter than the minimum and a hold running past the shift end', () => {
    const parts = shiftParts([1], [hold(1, 100, 110), hold(1, 120, 500)], SHIFT, 30 * MINUTE);
    expect(parts).toEqual([{ courierId: 1, fromMs: 0, toMs: 100 * MINUTE, index: 0 }]);
  });
});
