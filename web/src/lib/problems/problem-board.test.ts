import type { AlertView } from '@dispatch/shared';
import { describe, expect, test } from 'vitest';
import { ProblemBoard } from './problem-board.svelte';
import { ChangingAlerts } from './problem-source-fixture.svelte';
import { MIN, NOW, alertOf, contextOf, stopOf, suggestionOf } from './problem-fixtures';

function boardWith(alerts: AlertView[], loaded = true) {
  const state = new ChangingAlerts();
  state.alerts = alerts;
  state.loaded = loaded;
  const stops = [
    stopOf(1, { courierId: 7, windowEnd: NOW - 5 * MIN }),
    stopOf(2, { courierId: 8, windowEnd: NOW - 9 * MIN }),
  ];
  const board = new ProblemBoard({
    loaded: () => state.loaded,
    alerts: () => state.alerts,
    suggestions: () => [suggestionOf(1, { stopIds: [1], fromCourierId: 7 })],
    context: () => contextOf(stops),
  });
  return { board, state };
}

describe('ProblemBoard', () => {
  test('keyboard selection walks the shown problems', () => {
    const { board } = boardWith([
      alertOf('late', { stopId: 1, courierId: 7 }),
      alertOf('late', { stopId: 2, courierId: 8 }),
    ]);
    expect(board.selectNext()?.key).toBe('courier:8');
    expect(board.selectNext()?.key).toBe('courier:7');
    expect(board.selectNext()?.key).toBe('courier:7');
    expect(board.selectPrevious()?.key).toBe('courier:8');
  });

  test('acknowledging a problem acknowledges each of its open alerts', async () => {
    const a = alertOf('late', { stopId: 1, courierId: 7 });
    const b = alertOf('stalled', { courierId: 7, details: { minutes: 6 } });
    const { board } = boardWith([a, b]);
    const sent: number[] = [];
    await board.acknowledge(board.all[0]!, async (id) => {
      sent.push(id);
    });
    expect(sent.sort()).toEqual([a.id, b.id].sort());
  });

  test('places suggestions under their problem', () => {
    const { board } = boardWith([alertOf('late', { stopId: 1, courierId: 7 })]);
    expect(board.suggestionsFor('courier:7').map((s) => s.id)).toEqual([1]);
  });

  test('announces only critical problems that appear after the first load', () => {
    const { board, state } = boardWith(
      [alertOf('stalled', { courierId: 7, severity: 'critical', details: { minutes: 6 } })],
      false,
    );
    expect(board.takeNewlyCritical()).toEqual([]);
    state.loaded = true;
    expect(board.takeNewlyCritical()).toEqual([]);
    state.alerts = [
      ...state.alerts,
      alertOf('offline', { courierId: 8, severity: 'critical', details: {} }),
    ];
    expect(board.takeNewlyCritical().map((p) => p.key)).toEqual(['courier:8']);
    expect(board.takeNewlyCritical()).toEqual([]);
  });
});
