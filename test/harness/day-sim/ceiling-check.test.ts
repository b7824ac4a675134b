import { describe, expect, it } from 'vitest';
import { ceilingShortfall } from './ceiling-check';
import type { DayOutcome } from './day-outcome';

function outcome(onTime: number, late: number, undelivered: number): DayOutcome {
  const due = onTime + late + undelivered;
  return {
    due,
    delivered: onTime + late,
    onTime,
    late,
    undelivered,
    onTimeRate: onTime / due,
    lateMinutes: 10 * (late + undelivered),
  };
}

describe('ceilingShortfall', () => {
  it('reports a ceiling with fewer stops on time than the run, naming the seed', () => {
    const line = ceilingShortfall(4, outcome(95, 3, 2), outcome(97, 3, 0));
    expect(line).toMatch(/^ceiling below the suggestions run on seed 4: /);
    expect(line).toContain('95 / 100 on time, 3 late, 2 undelivered');
    expect(line).toContain('97 / 100 on time');
  });

  it('counts an undelivered stop against the ceiling like a late one', () => {
    expect(ceilingShortfall(1, outcome(96, 0, 4), outcome(97, 3, 0))).not.toBeNull();
  });

  it('is null when the ceiling has as many stops on time or more', () => {
    expect(ceilingShortfall(1, outcome(97, 3, 0), outcome(97, 1, 2))).toBeNull();
    expect(ceilingShortfall(1, outcome(99, 1, 0), outcome(97, 3, 0))).toBeNull();
  });
});
