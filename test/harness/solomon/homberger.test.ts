import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSolution } from '../../../server/src/dispatch/routing/checker';
import { compileProblem } from '../../../server/src/dispatch/routing/compiled';
import { insertByRegret } from '../../../server/src/dispatch/routing/insertion';
import { planRoutes } from '../../../server/src/dispatch/routing/planner';
import { RouteSet } from '../../../server/src/dispatch/routing/route-set';
import { allowedFleet, firstOfEachClass, instanceClass, readHombergerRecords } from './homberger';
import { parseSolomon, solomonProblem } from './solomon';

describe('readHombergerRecords', () => {
  it('reads the vehicle count and distance of each record under its lower-case name', () => {
    const records = readHombergerRecords({
      C1_10_1: { best_known_cost: 42478.95, solved_with_vehicles: 100, vehicles: 250 },
      r1_2_1: { best_known_cost: 4667.2, solved_with_vehicles: 20 },
    });
    expect(records.get('c1_10_1')).toEqual({ vehicles: 100, distance: 42478.95 });
    expect(records.get('r1_2_1')).toEqual({ vehicles: 20, distance: 4667.2 });
  });

  it('skips entries without both numbers and input that is not an object', () => {
    expect(readHombergerRecords({ a: { best_known_cost: 1 }, b: 3 }).size).toBe(0);
    expect(readHombergerRecords(null).size).toBe(0);
  });
});

describe('allowedFleet', () => {
  it('allows the record count plus 10 %, rounded up', () => {
    expect(allowedFleet(100)).toBe(110);
    expect(allowedFleet(18)).toBe(20);
    expect(allowedFleet(2)).toBe(3);
  });
});

describe('instanceClass', () => {
  it('is the letters and first digit of Homberger and Solomon names', () => {
    expect(instanceClass('rc1_10_3')).toBe('rc1');
    expect(instanceClass('c2_2_10')).toBe('c2');
    expect(instanceClass('R101')).toBe('R1');
  });
});

describe('firstOfEachClass', () => {
  it('keeps the first n names of each class in their order', () => {
    const names = ['c1_2_1', 'c1_2_2', 'c1_2_3', 'r1_2_1', 'rc1_2_1', 'rc1_2_2', 'rc2_2_1'];
    expect(firstOfEachClass(names, 2)).toEqual([
      'c1_2_1',
      'c1_2_2',
      'r1_2_1',
      'rc1_2_1',
      'rc1_2_2',
      'rc2_2_1',
    ]);
    expect(firstOfEachClass(names, 0)).toEqual([]);
  });
});

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const DATA_DIR = path.resolve(repoRoot, '..', 'shared', 'data', 'vrptw');
const R1_2_1 = path.join(DATA_DIR, 'homberger_200', 'r1_2_1.txt');
const hasData = existsSync(R1_2_1) && existsSync(path.join(DATA_DIR, 'homberger_BKS.json'));

describe.skipIf(!hasData)(
  `a 200-customer instance on the fleet the benchmark allows${hasData ? '' : ` (skipped: ${R1_2_1} is absent)`}`,
  () => {
    it('serves every customer, though regret-3 alone leaves some out on that fleet', () => {
      const records = readHombergerRecords(
        JSON.parse(readFileSync(path.join(DATA_DIR, 'homberger_BKS.json'), 'utf8')),
      );
      const full = solomonProblem(parseSolomon(readFileSync(R1_2_1, 'utf8')));
      const fleet = allowedFleet(records.get('r1_2_1')!.vehicles);
      const problem = { ...full, vehicles: full.vehicles.slice(0, fleet) };
      const constructed = new RouteSet(compileProblem(problem));
      insertByRegret(constructed, Array.from(constructed.problem.stops), 3);
      expect(constructed.unassignedCount()).toBeGreaterThan(0);
      const plan = planRoutes(problem, { maxIterations: 1000, timeLimitMs: 1e9 });
      expect(checkSolution(problem, plan.solution, { requireAllAssigned: true })).toEqual([]);
      expect(plan.vehiclesUsed).toBeLessThanOrEqual(fleet);
    });
  },
);
