import type { KpiSnapshot } from '@dispatch/shared';
import { describe, expect, test } from 'vitest';
import { ApiError } from '../api';
import { KpiBoard } from './kpi.svelte';

const H = 3_600_000;

function snapshot(at: number, hours: [number, number][] = []): KpiSnapshot {
  return {
    at,
    onTimeByHour: hours.map(([delivered, onTime], i) => ({ hourStart: i * H, delivered, onTime })),
    hubs: [],
    openBreaches: [],
    escalations: [],
  };
}

describe('KpiBoard', () => {
  test('on-time rate per hour and for the day', async () => {
    const board = new KpiBoard();
    await board.load(async () =>
      snapshot(1, [
        [10, 9],
        [0, 0],
        [10, 6],
      ]),
    );
    expect(board.status).toBe('ready');
    expect(board.onTime.map((p) => p.rate)).toEqual([0.9, null, 0.6]);
    expect(board.dayRate).toBe(0.75);
  });

  test('a dispatcher is told the page is for supervisors', async () => {
    const board = new KpiBoard();
    await board.load(async () => {
      throw new ApiError('forbidden', 'supervisors and admins only', 403);
    });
    expect(board.status).toBe('forbidden');
    expect(board.snapshot).toBeNull();
  });

  test('a push older than the snapshot held is ignored', () => {
    const board = new KpiBoard();
    board.apply(snapshot(2, [[1, 1]]));
    board.apply(snapshot(1, [[1, 0]]));
    expect(board.dayRate).toBe(1);
  });
});
