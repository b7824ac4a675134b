import { describe, expect, test } from 'vitest';
import { groupProblems } from './group-problems';
import {
  DEFAULT_PROBLEM_FILTER,
  filterProblems,
  newlyCritical,
  titleWithCount,
} from './problem-filter';
import { MIN, NOW, alertOf, contextOf, stopOf } from './problem-fixtures';

const stops = [
  stopOf(1, { courierId: 7, windowEnd: NOW - 5 * MIN }),
  stopOf(2, { courierId: 8, hubId: 2 }),
];
const problems = groupProblems(
  [
    alertOf('late', { stopId: 1, courierId: 7 }),
    alertOf('late_risk', {
      stopId: 2,
      courierId: 8,
      hubId: 2,
      severity: 'info',
      details: { minutesLate: 3 },
    }),
    alertOf('stalled', { courierId: 9, severity: 'critical', details: { minutes: 8 } }),
  ],
  contextOf(stops),
);

describe('filterProblems', () => {
  test('hides info-level problems by default and counts them', () => {
    const { shown, hiddenInfo } = filterProblems(problems, DEFAULT_PROBLEM_FILTER);
    expect(shown.map((p) => p.courierId)).toEqual([9, 7]);
    expect(hiddenInfo).toBe(1);
  });

  test('shows them when asked', () => {
    const { shown } = filterProblems(problems, { ...DEFAULT_PROBLEM_FILTER, showInfo: true });
    expect(shown).toHaveLength(3);
  });

  test('filters by kind, severity and hub', () => {
    const only = (f: Partial<typeof DEFAULT_PROBLEM_FILTER>) =>
      filterProblems(problems, { ...DEFAULT_PROBLEM_FILTER, showInfo: true, ...f }).shown.map(
        (p) => p.courierId,
      );
    expect(only({ kind: 'halted' })).toEqual([9]);
    expect(only({ kind: 'late' })).toEqual([7]);
    expect(only({ severity: 'critical' })).toEqual([9]);
    expect(only({ hubId: 2 })).toEqual([8]);
  });
});

describe('announcing', () => {
  test('a critical problem is new until it has been seen', () => {
    expect(newlyCritical(problems, new Set()).map((p) => p.key)).toEqual(['courier:9']);
    expect(newlyCritical(problems, new Set(['courier:9']))).toEqual([]);
  });

  test('the tab title carries the count of critical problems', () => {
    expect(titleWithCount('Dispatch console', 2)).toBe('(2) Dispatch console');
    expect(titleWithCount('Dispatch console', 0)).toBe('Dispatch console');
  });
});
