import type { AlertView, KpiSnapshot } from '@dispatch/shared';
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

  test('breaches and escalations follow alert changes between pushes', () => {
    const board = new KpiBoard();
    board.apply(snapshot(1));
    const alert = (id: number, fields: Partial<AlertView>): AlertView => ({
      id,
      kind: 'sla_breach',
      severity: 'critical',
      courierId: null,
      stopId: 9,
      hubId: 1,
      openedAt: 1,
      acknowledgedAt: null,
      acknowledgedBy: null,
      escalatedAt: null,
      resolvedAt: null,
      details: {},
      ...fields,
    });
    board.applyAlert(alert(1, {}));
    board.applyAlert(alert(2, { kind: 'stalled', escalatedAt: 5 }));
    board.applyAlert(alert(3, { kind: 'late' }));
    expect(board.snapshot!.openBreaches.map((a) => a.id)).toEqual([1]);
    expect(board.snapshot!.escalations.map((a) => a.id)).toEqual([2]);
    board.applyAlert(alert(1, { resolvedAt: 9 }));
    board.applyAlert(alert(2, { kind: 'stalled', escalatedAt: 5, resolvedAt: 9 }));
    expect(board.snapshot!.openBreaches).toEqual([]);
    expect(board.snapshot!.escalations).toEqual([]);
  });
});
