import { describe, expect, test } from 'vitest';
import type { Courier, Stop } from '@dispatch/shared';
import {
  dayLanes,
  dayRange,
  dropPosition,
  hourTicks,
  isSamePlace,
  visibleWindow,
} from './day-lanes';

const MIN = 60_000;
const NOW = Date.UTC(2025, 0, 15, 12);

function courier(id: number, name: string, overrides: Partial<Courier> = {}): Courier {
  return {
    id,
    name,
    vehicle: 'car',
    capacity: 10,
    hubId: 1,
    externalDeviceId: null,
    active: true,
    hasDeviceToken: true,
    shiftStartMinute: 0,
    shiftEndMinute: 1440,
    routeVersion: id,
    status: 'en_route',
    lastFix: null,
    cell: null,
    lastPingAt: null,
    ...overrides,
  };
}

function stop(id: number, courierId: number | null, sequence: number, o: Partial<Stop> = {}): Stop {
  return {
    id,
    hubId: 1,
    kind: 'delivery',
    orderRef: `R-${id}`,
    address: `${id} street`,
    lat: 0,
    lng: 0,
    cell: '',
    windowStart: NOW - 60 * MIN,
    windowEnd: NOW + 60 * MIN,
    serviceSeconds: 300,
    demand: 1,
    slaTier: 'same_day',
    status: 'assigned',
    courierId,
    sequence,
    routeVersion: 1,
    attempts: 0,
    eta: NOW + sequence * 10 * MIN,
    ...o,
  };
}

describe('dayLanes', () => {
  const couriers = [courier(1, 'Ana'), courier(2, 'Ben'), courier(3, 'Cy', { active: false })];

  test('one lane per active courier, its open stops in visiting order at their ETAs', () => {
    const lanes = dayLanes(
      couriers,
      [stop(11, 1, 2), stop(10, 1, 1), stop(12, 1, 3, { status: 'delivered' }), stop(20, null, 0)],
      NOW,
    );
    const ana = lanes.find((l) => l.courierId === 1)!;
    expect(lanes.map((l) => l.courierId).sort()).toEqual([1, 2]);
    expect(ana.blocks.map((b) => [b.stop.id, b.position, b.arrival])).toEqual([
      [10, 1, NOW + 10 * MIN],
      [11, 2, NOW + 20 * MIN],
    ]);
    expect(ana.blocks[0]!.end - ana.blocks[0]!.start).toBe(5 * MIN);
  });

  test('a block waits for its window start, and one past its window end is late', () => {
    const [lane] = dayLanes(
      [courier(1, 'Ana')],
      [
        stop(10, 1, 1, { windowStart: NOW + 30 * MIN }),
        stop(11, 1, 2, { windowEnd: NOW + 5 * MIN }),
      ],
      NOW,
    );
    expect(lane!.blocks[0]!.start).toBe(NOW + 30 * MIN);
    expect(lane!.blocks[1]).toMatchObject({ state: 'late', minutesLate: 15 });
    expect(lane).toMatchObject({ lateMinutes: 15, lateStops: 1 });
  });

  test('the latest lanes come first, then by name', () => {
    const lanes = dayLanes(
      [courier(1, 'Ana'), courier(2, 'Ben'), courier(4, 'Abe')],
      [stop(20, 2, 1, { windowEnd: NOW - 5 * MIN })],
      NOW,
    );
    expect(lanes.map((l) => l.name)).toEqual(['Ben', 'Abe', 'Ana']);
  });

  test('a stop without an ETA is estimated from the courier’s last position', () => {
    const [lane] = dayLanes(
      [courier(1, 'Ana', { lastFix: { lat: 0, lng: 0, t: NOW } as Courier['lastFix'] })],
      [stop(10, 1, 1, { eta: null, lat: 0.01 })],
      NOW,
    );
    expect(lane!.blocks[0]!.estimated).toBe(true);
    expect(lane!.blocks[0]!.arrival).toBeGreaterThan(NOW);
  });
});

describe('placing a drop', () => {
  const [lane] = dayLanes(
    [courier(1, 'Ana')],
    [stop(10, 1, 1), stop(11, 1, 2), stop(12, 1, 3)],
    NOW,
  );

  test('the position is after every block whose middle comes before the pointer', () => {
    expect(dropPosition(lane!, NOW, new Set())).toBe(1);
    expect(dropPosition(lane!, NOW + 15 * MIN, new Set())).toBe(2);
    expect(dropPosition(lane!, NOW + 99 * MIN, new Set())).toBe(4);
    expect(dropPosition(lane!, NOW + 99 * MIN, new Set([11]))).toBe(3);
  });

  test('dropping a block where it is moves nothing', () => {
    expect(isSamePlace(lane!, 2, new Set([11]))).toBe(true);
    expect(isSamePlace(lane!, 1, new Set([11]))).toBe(false);
  });
});

describe('the time axis and the rows in view', () => {
  test('whole hours around the blocks and now', () => {
    const lanes = dayLanes([courier(1, 'Ana')], [stop(10, 1, 1)], NOW + 20 * MIN);
    const range = dayRange(lanes, NOW + 20 * MIN);
    expect(range.from).toBe(NOW - 60 * MIN);
    expect(range.to).toBe(NOW + 2 * 60 * MIN);
    expect(hourTicks(range)).toEqual([NOW - 60 * MIN, NOW, NOW + 60 * MIN, NOW + 120 * MIN]);
  });

  test('only the rows in view, with a margin', () => {
    expect(visibleWindow(0, 340, 34, 150, 2)).toEqual({ first: 0, last: 12 });
    expect(visibleWindow(3400, 340, 34, 150, 2)).toEqual({ first: 98, last: 112 });
    expect(visibleWindow(5000, 340, 34, 150, 2).last).toBe(150);
  });
});
