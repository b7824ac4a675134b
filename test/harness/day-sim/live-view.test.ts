import { describe, expect, it } from 'vitest';
import { liveStop } from './live-view';
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

describe('liveStop', () => {
  it('shows the suggestion engine the promised window (the margin is the engine’s setting)', () => {
    const live = liveStop(stop(30, 120), 1);
    expect(live.windowStart).toBe(30 * MINUTE);
    expect(live.windowEnd).toBe(120 * MINUTE);
  });
});
