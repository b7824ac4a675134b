import { describe, expect, test } from 'vitest';
import { openAlert, openStop } from './fleet-fixtures';
import {
  countByState,
  courierLateness,
  movementOf,
  nextBehind,
  rankByLateness,
  type CourierLateness,
} from './fleet-lateness';

const NOW = Date.UTC(2025, 0, 6, 9, 0);
const MIN = 60_000;

/** A stop whose window ended `minutes` ago (still open). */
const lateBy = (id: number, courierId: number, minutes: number) =>
  openStop(id, courierId, NOW, { windowEnd: NOW - minutes * MIN, eta: NOW });
/** A stop whose ETA lands 5 minutes before its window ends. */
const tight = (id: number, courierId: number) =>
  openStop(id, courierId, NOW, { windowEnd: NOW + 30 * MIN, eta: NOW + 25 * MIN });

describe('courierLateness', () => {
  test('counts late and at-risk open stops per courier and keeps the worst minutes late', () => {
    const byCourier = courierLateness(
      [lateBy(1, 7, 4), lateBy(2, 7, 12), tight(3, 7), openStop(4, 7, NOW)],
      [],
      NOW,
    );
    expect(byCourier.get(7)).toMatchObject({
      state: 'late',
      late: 2,
      atRisk: 1,
      open: 4,
      worstMinutesLate: 12,
    });
  });

  test('closed and unassigned stops do not count', () => {
    const byCourier = courierLateness(
      [
        lateBy(1, 7, 5),
        openStop(2, 7, NOW, { status: 'delivered', windowEnd: NOW - MIN }),
        openStop(3, null, NOW, { windowEnd: NOW - MIN }),
      ],
      [],
      NOW,
    );
    expect(byCourier.get(7)).toMatchObject({ late: 1, open: 1 });
    expect(byCourier.size).toBe(1);
  });

  test('the next stop is the open one with the lowest sequence, with its ETA', () => {
    const byCourier = courierLateness(
      [
        openStop(1, 7, NOW, { sequence: 3, eta: NOW + 40 * MIN }),
        openStop(2, 7, NOW, { sequence: 2, eta: NOW + 20 * MIN }),
        openStop(3, 7, NOW, { sequence: 1, status: 'delivered' }),
      ],
      [],
      NOW,
    );
    expect(byCourier.get(7)?.nextStop).toEqual({ id: 2, eta: NOW + 20 * MIN });
  });

  test('an open late alert counts its stop late, a late-risk alert at least at risk', () => {
    const byCourier = courierLateness(
      [openStop(1, 7, NOW), openStop(2, 7, NOW), openStop(3, 8, NOW)],
      [
        openAlert(1, { kind: 'late', stopId: 1, courierId: 7 }),
        openAlert(2, { kind: 'late_risk', stopId: 3, details: { minutesLate: 9 } }),
      ],
      NOW,
    );
    expect(byCourier.get(7)).toMatchObject({ state: 'late', late: 1, atRisk: 0 });
    expect(byCourier.get(8)).toMatchObject({ state: 'at_risk', atRisk: 1, worstMinutesLate: 9 });
  });

  test('courier alerts become causes; resolved alerts are ignored', () => {
    const byCourier = courierLateness(
      [openStop(1, 7, NOW)],
      [
        openAlert(1, { kind: 'stalled', courierId: 7 }),
        openAlert(2, { kind: 'offline', courierId: 7, resolvedAt: NOW }),
        openAlert(3, { kind: 'offline', courierId: 9 }),
      ],
      NOW,
    );
    expect(byCourier.get(7)).toMatchObject({ state: 'on_time', causes: ['stalled'] });
    expect(byCourier.get(9)).toMatchObject({ state: 'none', open: 0, causes: ['offline'] });
  });
});

describe('rankByLateness', () => {
  const rows = [
    { id: 1, name: 'Ana' },
    { id: 2, name: 'Bruno' },
    { id: 3, name: 'Carla' },
    { id: 4, name: 'Davi' },
    { id: 5, name: 'Eva' },
  ];
  const lateness = (entries: Partial<CourierLateness>[]): Map<number, CourierLateness> =>
    new Map(
      entries.map((e) => [
        e.courierId!,
        {
          state: 'on_time',
          late: 0,
          atRisk: 0,
          open: 1,
          worstMinutesLate: 0,
          nextStop: null,
          causes: [],
          ...e,
        } as CourierLateness,
      ]),
    );

  test('orders by late stops, then at-risk stops, then worst minutes, then name', () => {
    const ranked = rankByLateness(
      rows,
      lateness([
        { courierId: 5, late: 1, worstMinutesLate: 30 },
        { courierId: 3, late: 2, worstMinutesLate: 5 },
        { courierId: 4, late: 1, atRisk: 2, worstMinutesLate: 3 },
        { courierId: 2, late: 1, worstMinutesLate: 40 },
      ]),
    );
    expect(ranked.map((r) => r.name)).toEqual(['Carla', 'Davi', 'Bruno', 'Eva', 'Ana']);
  });

  test('the next courier behind follows the list order, wraps round, and skips those on time', () => {
    const behind = lateness([
      { courierId: 3, late: 2 },
      { courierId: 5, atRisk: 1 },
      { courierId: 1 },
    ]);
    expect(nextBehind(rows, behind, null)?.name).toBe('Carla');
    expect(nextBehind(rows, behind, 3)?.name).toBe('Eva');
    expect(nextBehind(rows, behind, 5)?.name).toBe('Carla');
    expect(nextBehind(rows, behind, 1)?.name).toBe('Carla');
    expect(nextBehind(rows, new Map(), null)).toBeNull();
  });

  test('couriers with nothing behind keep name order', () => {
    expect(rankByLateness([...rows].reverse(), new Map()).map((r) => r.id)).toEqual([
      1, 2, 3, 4, 5,
    ]);
  });
});

describe('movementOf', () => {
  test('offline and stalled alerts win over the reported status', () => {
    expect(movementOf('en_route', ['stalled'])).toBe('stalled');
    expect(movementOf('at_stop', ['offline', 'stalled'])).toBe('offline');
    expect(movementOf('offline', [])).toBe('offline');
  });

  test('statuses map to moving, at stop and waiting', () => {
    expect(movementOf('en_route', [])).toBe('moving');
    expect(movementOf('at_stop', [])).toBe('at_stop');
    expect(movementOf('idle', [])).toBe('waiting');
    expect(movementOf('on_break', [])).toBe('waiting');
  });
});

test('countByState counts couriers without open stops as none', () => {
  const byCourier = courierLateness([lateBy(1, 7, 3), tight(2, 8)], [], NOW);
  expect(countByState([7, 8, 9], byCourier)).toEqual({ none: 1, on_time: 0, at_risk: 1, late: 1 });
});
