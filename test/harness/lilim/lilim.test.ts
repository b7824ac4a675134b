import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSolution } from '../../../server/src/dispatch/routing/checker';
import { validateProblem } from '../../../server/src/dispatch/routing/problem';
import { formatSolution, liLimProblem, parseLiLim } from './lilim';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const LI_LIM_DIR = path.resolve(repoRoot, '..', 'shared', 'data', 'pdptw', 'li_lim_100');

/** Depot 0; task 1 picks up 10 units that task 2 delivers. */
const TINY = [
  '2\t50\t1',
  '0\t0\t0\t0\t0\t100\t0\t0\t0',
  '1\t3\t4\t10\t0\t50\t5\t0\t2',
  '2\t6\t8\t-10\t10\t60\t5\t1\t0',
  '',
].join('\r\n');

describe('parseLiLim', () => {
  it('reads the fleet and every task with its pickup and delivery links', () => {
    const instance = parseLiLim(TINY, 'tiny');
    expect(instance).toEqual({
      name: 'tiny',
      vehicleCount: 2,
      capacity: 50,
      tasks: [
        {
          id: 0,
          x: 0,
          y: 0,
          demand: 0,
          earliest: 0,
          latest: 100,
          serviceTime: 0,
          pickup: 0,
          delivery: 0,
        },
        {
          id: 1,
          x: 3,
          y: 4,
          demand: 10,
          earliest: 0,
          latest: 50,
          serviceTime: 5,
          pickup: 0,
          delivery: 2,
        },
        {
          id: 2,
          x: 6,
          y: 8,
          demand: -10,
          earliest: 10,
          latest: 60,
          serviceTime: 5,
          pickup: 1,
          delivery: 0,
        },
      ],
    });
  });

  it('rejects a row that is not nine numbers, naming its line', () => {
    expect(() => parseLiLim(TINY.replace('2\t6\t8', '2\tx\t8'), 'tiny')).toThrow(/line 4/);
  });

  it('rejects a fleet line that is not three numbers', () => {
    expect(() => parseLiLim(TINY.replace('2\t50\t1', '2\t50'), 'tiny')).toThrow(/first line/);
  });

  it('rejects a pickup whose delivery does not name it back', () => {
    const broken = TINY.replace('-10\t10\t60\t5\t1\t0', '-10\t10\t60\t5\t0\t0');
    expect(() => parseLiLim(broken, 'tiny')).toThrow(/task 1 names 2, which does not name it back/);
  });
});

describe('liLimProblem', () => {
  it('pairs each pickup with its delivery and sends depot round trips within the depot hours', () => {
    const problem = liLimProblem(parseLiLim(TINY, 'tiny'));
    expect(problem.stops).toEqual([1, 2]);
    expect(problem.pairs).toEqual([{ pickup: 1, delivery: 2 }]);
    expect(problem.vehicles).toHaveLength(2);
    expect(problem.vehicles[0]).toEqual({
      startNode: 0,
      endNode: 0,
      capacity: 50,
      earliestDeparture: 0,
      latestEnd: 100,
    });
    expect(problem.travelTimes[0 * 3 + 2]).toBe(10);
    expect(() => validateProblem(problem)).not.toThrow();
  });

  it('writes a solution with task numbers and its Euclidean cost', () => {
    const instance = parseLiLim(TINY, 'tiny');
    expect(formatSolution(instance, { routes: [[], [1, 2]], unassigned: [] })).toBe(
      'Route 1 : 1 2\nCost 20.00\n',
    );
  });
});

describe.runIf(existsSync(LI_LIM_DIR))('the Li & Lim instances', () => {
  it('all parse into valid problems where every task but the depot is in a pair', () => {
    const files = readdirSync(LI_LIM_DIR).filter((file) => file.endsWith('.txt'));
    expect(files).toHaveLength(56);
    for (const file of files) {
      const instance = parseLiLim(readFileSync(path.join(LI_LIM_DIR, file), 'utf8'), file);
      const problem = liLimProblem(instance);
      expect(() => validateProblem(problem)).not.toThrow();
      expect(problem.pairs!.length * 2).toBe(problem.stops.length);
      // Every pair can be served on its own: pickup, then delivery, within the depot's hours.
      for (const { pickup, delivery } of problem.pairs!) {
        const unassigned = problem.stops.filter((stop) => stop !== pickup && stop !== delivery);
        expect(checkSolution(problem, { routes: [[pickup, delivery]], unassigned })).toEqual([]);
      }
    }
  });
});
