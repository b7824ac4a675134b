import { describe, expect, test } from 'vitest';
import { groupProblems } from './group-problems';
import { MIN, NOW, alertOf, contextOf, stopOf, suggestionOf } from './problem-fixtures';
import { isStaleSuggestion, placeSuggestions } from './suggestion-match';

const stops = [
  stopOf(1, { courierId: 7, windowEnd: NOW - 5 * MIN }),
  stopOf(2, { courierId: 8 }),
  stopOf(3, { courierId: null }),
];
const ctx = contextOf(stops);
const late = alertOf('late', { stopId: 1, courierId: 7 });
const stalled = alertOf('stalled', { courierId: 8, details: { minutes: 7 } });
const problems = groupProblems([late, stalled], ctx);

describe('placeSuggestions', () => {
  test('places a suggestion under the problem of its alert, best first', () => {
    const placed = placeSuggestions(problems, [
      suggestionOf(1, { alertId: late.id, stopIds: [1], score: 5 }),
      suggestionOf(2, { alertId: late.id, stopIds: [1], score: 40 }),
    ]);
    expect(placed.byProblem.get('courier:7')?.map((s) => s.id)).toEqual([2, 1]);
    expect(placed.unplaced).toEqual([]);
  });

  test('without an alert, by its stops, then by the halted courier it takes from', () => {
    const placed = placeSuggestions(problems, [
      suggestionOf(1, { stopIds: [1] }),
      suggestionOf(2, { stopIds: [99], fromCourierId: 8 }),
      suggestionOf(3, { stopIds: [3], fromCourierId: null }),
    ]);
    expect(placed.byProblem.get('courier:7')?.map((s) => s.id)).toEqual([1]);
    expect(placed.byProblem.get('courier:8')?.map((s) => s.id)).toEqual([2]);
    expect(placed.unplaced.map((s) => s.id)).toEqual([3]);
  });
});

describe('isStaleSuggestion', () => {
  test('a suggestion whose stop left its courier or was delivered is stale', () => {
    const moved = contextOf([stopOf(1, { courierId: 9 })]);
    const done = contextOf([stopOf(1, { courierId: 7, status: 'delivered' })]);
    const same = contextOf([stopOf(1, { courierId: 7 })]);
    const s = suggestionOf(1, { stopIds: [1], fromCourierId: 7 });
    expect([moved, done, same].map((c) => isStaleSuggestion(s, c.stop))).toEqual([
      true,
      true,
      false,
    ]);
  });
});
