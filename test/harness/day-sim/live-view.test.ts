import { describe, expect, it } from 'vitest';
import { liveStop, workingWindowEnd } from './live-view';
import type { SimStop } from './sim-courier';

const MINUTE = 60_000;

function stop(windowStartMin: number, windowEndMin: number): SimStop {
  return {
    id: 1,
    kind: 'delivery',
    orderRef: 'o1',
    node: 0,
    lat: 0,
    lng: 0,
    windowStart: windowStartMin * MINUTE,
    windowEnd: windowEndMin * MINUTE,
    serviceSeconds: 60,
    demand: 1,
    slaTier: 'same_day',
    status: 'assigned',
    courierId: 1,
    arrivedAt: null,
    deliveredAt: null,
  };
}

describe('workingWindowEnd', () => {
  it('closes the window the margin early', () => {
    expect(workingWindowEnd(stop(0, 120), 15 * MINUTE)).toBe(105 * MINUTE);
  });

  it('never closes it before it opens', () => {
    expect(workingWindowEnd(stop(100, 110), 15 * MINUTE)).toBe(100 * MINUTE);
  });

  it('is what the suggestion engine sees', () => {
    expect(liveStop(stop(0, 120), 1, 15 * MINUTE).windowEnd).toBe(105 * MINUTE);
    expect(liveStop(stop(0, 120), 1).windowEnd).toBe(120 * MINUTE);
  });
});
