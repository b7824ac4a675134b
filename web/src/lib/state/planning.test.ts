import { describe, expect, it } from 'vitest';
import type { PlanOutcome, Stop } from '@dispatch/shared';
import { PlanBoard, planSummary, unassignedByHub } from './planning.svelte';

function stop(id: number, hubId: number | null, status: Stop['status']): Stop {
  return {
    id,
    hubId,
    kind: 'delivery',
    orderRef: `R-${id}`,
    address: 'Rua 1',
    lat: 0,
    lng: 0,
    cell: '89a8c0a1a1bffff',
    windowStart: 0,
    windowEnd: 1,
    serviceSeconds: 60,
    demand: 1,
    slaTier: 'same_day',
    status,
    courierId: null,
    sequence: null,
    routeVersion: null,
    attempts: 0,
    eta: null,
  };
}

function outcome(overrides: Partial<PlanOutcome> = {}): PlanOutcome {
  return {
    hubId: 1,
    planned: 24,
    couriers: [
      { courierId: 1, name: 'Ana', added: 12, totalStops: 12 },
      { courierId: 2, name: 'Ben', added: 12, totalStops: 14 },
    ],
    late: [],
    unplanned: [],
    travelMinutes: 120,
    maxStopsPerCourier: 15,
    routeVersions: { '1': 2, '2': 5 },
    elapsedMs: 900,
    ...overrides,
  };
}

describe('unassignedByHub', () => {
  it('counts unassigned stops per hub and ignores the rest', () => {
    const counts = unassignedByHub([
      stop(1, 1, 'unassigned'),
      stop(2, 1, 'unassigned'),
      stop(3, 2, 'unassigned'),
      stop(4, 1, 'assigned'),
      stop(5, null, 'unassigned'),
    ]);
    expect([...counts]).toEqual([
      [1, 2],
      [2, 1],
    ]);
  });
});

describe('planSummary', () => {
  it('says how many stops went to how many couriers, and the limit', () => {
    expect(planSummary(outcome())).toBe('Planned 24 stops onto 2 couriers (at most 15 each).');
  });

  it('names late stops and groups what was left out by reason', () => {
    const text = planSummary(
      outcome({
        planned: 1,
        couriers: [{ courierId: 1, name: 'Ana', added: 1, totalStops: 1 }],
        late: [{ stopId: 9, lateMinutes: 12 }],
        unplanned: [
          { stopId: 3, reason: 'its window has already closed' },
          { stopId: 4, reason: 'its window has already closed' },
          { stopId: 5, reason: 'no courier can get there within its window, shift and capacity' },
        ],
      }),
    );
    expect(text).toBe(
      'Planned 1 stop onto 1 courier (at most 15 each) · 1 predicted late · 3 left unassigned: ' +
        'its window has already closed (2); no courier can get there within its window, shift and capacity (1).',
    );
  });

  it('says when there was nothing to plan', () => {
    expect(planSummary(outcome({ planned: 0, couriers: [] }))).toBe('Nothing to plan.');
  });
});

describe('PlanBoard', () => {
  it('runs one plan at a time and keeps its outcome in words', async () => {
    const board = new PlanBoard();
    let finish: (o: PlanOutcome) => void = () => {};
    const first = board.run(1, () => new Promise((resolve) => (finish = resolve)));
    expect(board.runningHubId).toBe(1);
    expect(await board.run(1, () => Promise.resolve(outcome()))).toBeNull();
    finish(outcome());
    expect((await first)?.planned).toBe(24);
    expect(board.runningHubId).toBeNull();
    expect(board.message).toContain('Planned 24 stops');
  });

  it('reports a refusal without throwing', async () => {
    const board = new PlanBoard();
    expect(await board.run(1, () => Promise.reject(new Error('route changed')))).toBeNull();
    expect(board.failed).toBe(true);
    expect(board.message).toBe('Planning failed: route changed');
  });
});
