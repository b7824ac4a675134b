import { describe, expect, it } from 'vitest';
import type { ReplayEvent } from '@dispatch/shared';
import { eventIndexAt, indexStopVisits, stopStateAt } from './event-index';

const T0 = Date.UTC(2025, 0, 15, 9);
const MIN = 60_000;

function event(atMin: number, kind: ReplayEvent['kind'], stopId: number | null): ReplayEvent {
  return {
    at: T0 + atMin * MIN,
    kind,
    courierId: 1,
    stopId,
    subjectId: null,
    otherCourierId: null,
    note: '',
  };
}

const events = [
  event(0, 'route.planned', null),
  event(10, 'stop.arrived', 5),
  event(12, 'stop.failed', 5),
  event(12, 'alert.opened', null),
  event(40, 'stop.arrived', 5),
  event(41, 'stop.delivered', 5),
];

describe('eventIndexAt', () => {
  it('points at the last event at or before the moment', () => {
    expect(eventIndexAt(events, T0 - 1)).toBe(-1);
    expect(eventIndexAt(events, T0)).toBe(0);
    expect(eventIndexAt(events, T0 + 12 * MIN)).toBe(3);
    expect(eventIndexAt(events, T0 + 30 * MIN)).toBe(3);
    expect(eventIndexAt(events, T0 + 90 * MIN)).toBe(5);
  });
});

describe('stopStateAt', () => {
  const visits = indexStopVisits(events);
  const stop = { id: 5, windowEnd: T0 + 30 * MIN };

  it('follows the stop through its visits', () => {
    expect(stopStateAt(stop, visits, T0 + 5 * MIN)).toBe('waiting');
    expect(stopStateAt(stop, visits, T0 + 11 * MIN)).toBe('arrived');
    expect(stopStateAt(stop, visits, T0 + 20 * MIN)).toBe('failed');
    expect(stopStateAt(stop, visits, T0 + 40 * MIN)).toBe('arrived');
    expect(stopStateAt(stop, visits, T0 + 50 * MIN)).toBe('delivered');
  });

  it('turns late when the window closes with no visit', () => {
    const other = { id: 6, windowEnd: T0 + 30 * MIN };
    expect(stopStateAt(other, visits, T0 + 29 * MIN)).toBe('waiting');
    expect(stopStateAt(other, visits, T0 + 31 * MIN)).toBe('late');
  });
});
