import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkSolution, solutionDistance } from '../../../server/src/dispatch/routing/checker';
import { planRoutes } from '../../../server/src/dispatch/routing/planner';
import { formatSolution, parseSolomon, solomonProblem } from './solomon';

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..');
const SOLOMON_DIR = path.resolve(repoRoot, '..', 'shared', 'data', 'vrptw', 'solomon');
const hasData = existsSync(SOLOMON_DIR);

const TINY = `TINY1

VEHICLE
NUMBER     CAPACITY
  2         50

CUSTOMER
CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME
 
    0      0          0          0          0       100          0
    1      3          4         10          0        50         10
    2      6          8         20         10        60         10
`;

describe('parseSolomon', () => {
  it('reads the name, the fleet and every customer row', () => {
    const instance = parseSolomon(TINY.replaceAll('\n', '\r\n'));
    expect(instance.name).toBe('TINY1');
    expect(instance.vehicleCount).toBe(2);
    expect(instance.capacity).toBe(50);
    expect(instance.customers).toEqual([
      { id: 0, x: 0, y: 0, demand: 0, readyTime: 0, dueDate: 100, serviceTime: 0 },
      { id: 1, x: 3, y: 4, demand: 10, readyTime: 0, dueDate: 50, serviceTime: 10 },
      { id: 2, x: 6, y: 8, demand: 20, readyTime: 10, dueDate: 60, serviceTime: 10 },
    ]);
  });

  it('rejects a row that is not seven numbers, naming its line', () => {
    expect(() => parseSolomon(TINY.replace('    2      6', '    2      x'))).toThrow(/line 12/);
  });

  it('rejects a file without the vehicle section', () => {
    expect(() => parseSolomon(TINY.replace('NUMBER     CAPACITY', ''))).toThrow(/VEHICLE/);
  });
});

describe('solomonProblem', () => {
  it('makes every customer a stop and every vehicle a depot round trip within its hours', () => {
    const problem = solomonProblem(parseSolomon(TINY));
    expect(problem.stops).toEqual([1, 2]);
    expect(problem.vehicles).toHaveLength(2);
    expect(problem.vehicles[0]).toEqual({
      startNode: 0,
      endNode: 0,
      capacity: 50,
      earliestDeparture: 0,
      latestEnd: 100,
    });
    expect(problem.distances[0 * 3 + 2]).toBe(10);
    expect(problem.travelTimes[1 * 3 + 2]).toBe(5);
  });
});

describe('formatSolution', () => {
  it('writes one line per used route in customer numbers, then the cost', () => {
    const instance = parseSolomon(TINY);
    expect(formatSolution(instance, { routes: [[], [2, 1]], unassigned: [] })).toBe(
      'Route 1 : 2 1\nCost 20.00\n',
    );
  });
});

describe.skipIf(!hasData)(
  `the 56 Solomon instances${hasData ? '' : ` (skipped: reference data folder ${SOLOMON_DIR} is absent)`}`,
  () => {
    const files = hasData ? readdirSync(SOLOMON_DIR).filter((file) => file.endsWith('.txt')) : [];
    const instances = files.map((file) =>
      parseSolomon(readFileSync(path.join(SOLOMON_DIR, file), 'utf8')),
    );

    it('parses all of them: 101 nodes, a vehicle number and a capacity each', () => {
      expect(instances).toHaveLength(56);
      for (const instance of instances) {
        expect(instance.customers, instance.name).toHaveLength(101);
        expect(instance.vehicleCount, instance.name).toBeGreaterThan(0);
        expect(instance.capacity, instance.name).toBeGreaterThan(0);
      }
    });

    it('plans each with a short fixed budget into routes the checker accepts, serving everyone', () => {
      for (const instance of instances) {
        const problem = solomonProblem(instance);
        const plan = planRoutes(problem, { maxIterations: 100, seed: 1 });
        expect(
          checkSolution(problem, plan.solution, { requireAllAssigned: true }),
          instance.name,
        ).toEqual([]);
        expect(plan.vehiclesUsed, instance.name).toBeLessThanOrEqual(instance.vehicleCount);
        expect(plan.distance, instance.name).toBeCloseTo(
          solutionDistance(problem, plan.solution),
          6,
        );
      }
    });
  },
);
