import { describe, expect, test } from 'vitest';
import type { Stop } from '@dispatch/shared';
import { StopBoard } from './stops.svelte';

const NOW = Date.UTC(2025, 0, 6, 12, 0);
const HOUR = 3_600_000;

function stop(id: number, overrides: Partial<Stop> = {}): Stop {
  return {
    id,
    hubId: 1,
    kind: 'delivery',
    orderRef: `ORD-${id}`,
    address: `${id} Rua das Flores`,
    lat: -20.45,
    lng: -54.6,
    cell: '89a8c0a1a1bffff',
    windowStart: NOW - HOUR,
    windowEnd: NOW + 3 * HOUR,
    serviceSeconds: 120,
    demand: 1,
    slaTier: 'same_day',
    status: 'assigned',
    courierId: 1,
    sequence: id,
    routeVersion: 1,
    attempts: 0,
    eta: NOW + HOUR,
    ...overrides,
  };
}

describe('StopBoard', () => {
  test('pushed changes update status, courier, sequence and ETA', () => {
    const board = new StopBoard();
    board.replaceAll([stop(1)]);
    const unknown = board.applyChanges([
      { id: 1, hubId: null, status: 'en_route', courierId: 2, sequence: 4, eta: NOW + 2 * HOUR },
      { id: 99, hubId: null, status: 'assigned', courierId: 2, sequence: 5, eta: null },
    ]);
    expect(board.get(1)).toMatchObject({ status: 'en_route', courierId: 2, sequence: 4 });
    expect(unknown).toEqual([99]);
  });

  test('the time slot keeps stops whose window ends soon, overdue ones included', () => {
    const board = new StopBoard();
    const soon = stop(1, { windowEnd: NOW + 0.5 * HOUR });
    const overdue = stop(2, { windowEnd: NOW - HOUR });
    const later = stop(3, { windowEnd: NOW + 3 * HOUR });
    board.slot = '1h';
    expect([soon, overdue, later].map((s) => board.inSlot(s, NOW))).toEqual([true, true, false]);
    board.slot = 'all';
    expect(board.inSlot(later, NOW)).toBe(true);
  });

  test('search matches order reference or address, open stops first', () => {
    const board = new StopBoard();
    board.replaceAll([
      stop(1, { status: 'delivered', orderRef: 'ABC-1' }),
      stop(2, { orderRef: 'ABC-2' }),
      stop(3, { orderRef: 'XYZ', address: '5 Avenida Abc' }),
    ]);
    expect(board.search('abc').map((s) => s.id)).toEqual([2, 3, 1]);
    expect(board.search('  ')).toEqual([]);
  });

  test('counts stops per SLA state in the slot', () => {
    const board = new StopBoard();
    board.replaceAll([
      stop(1),
      stop(2, { eta: NOW + 3 * HOUR - 5 * 60_000 }),
      stop(3, { eta: NOW + 4 * HOUR }),
      stop(4, { status: 'delivered' }),
    ]);
    expect(board.slaCounts(NOW)).toEqual({ on_time: 1, at_risk: 1, late: 1, done: 1, failed: 0 });
  });
});
