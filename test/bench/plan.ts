/**
 * `pnpm bench:plan [--stops 1500] [--vehicles 100] [--time-ms 5000] [--seed 1]`: plans a
 * generated delivery day (stops in a 10 km square, 2 h windows over 8 h, a mixed fleet of
 * bikes, scooters, cars and vans with travel factors 1.6 / 1.3 / 1.0 on open routes) once with
 * a stop limit of ceil(1.2 × stops / vehicles) per route and once without, checks both plans
 * with the independent checker and prints a markdown table. "first plan ms" is when the planner
 * had its first locally optimal plan (construction and the first local search).
 */
import { parseArgs } from 'node:util';
import { checkSolution } from '../../server/src/dispatch/routing/checker';
import { generateDeliveryDay } from '../factories/generated-day';
import { planRoutes } from '../../server/src/dispatch/routing/planner';
import { cell, markdownTable, percentile } from './table';

const { values: flags } = parseArgs({
  options: {
    stops: { type: 'string', default: '1500' },
    vehicles: { type: 'string', default: '100' },
    'time-ms': { type: 'string', default: '5000' },
    seed: { type: 'string', default: '1' },
  },
});
const stopCount = Number(flags.stops);
const vehicleCount = Number(flags.vehicles);
const timeLimitMs = Number(flags['time-ms']);
const seed = Number(flags.seed);
const limit = Math.ceil((1.2 * stopCount) / vehicleCount);

const rows = [limit, undefined].map((maxStops) => {
  const problem = generateDeliveryDay({ stopCount, vehicleCount, seed, maxStops });
  const plan = planRoutes(problem, { timeLimitMs, seed });
  const violations = checkSolution(problem, plan.solution);
  const counts = plan.solution.routes
    .map((route) => route.length)
    .filter((count) => count > 0)
    .sort((a, b) => a - b);
  process.stderr.write(
    `[bench:plan] max stops ${maxStops ?? 'none'}: ${plan.iterations} iterations\n`,
  );
  return [
    maxStops === undefined ? 'none' : String(maxStops),
    cell(plan.constructionMs),
    cell(plan.firstPlanMs),
    cell(plan.elapsedMs),
    cell(plan.iterations),
    cell(plan.distance / 1000, 1),
    cell(plan.vehiclesUsed),
    cell(plan.solution.unassigned.length),
    `${cell(counts[0])} / ${cell(percentile(counts, 0.5))} / ${cell(counts.at(-1))}`,
    violations.length === 0 ? 'ok' : `${violations.length} violations`,
  ];
});

console.log(
  `Generated delivery day: ${stopCount} stops, ${vehicleCount} vehicles (bikes, scooters, ` +
    `cars, vans), open routes, ${timeLimitMs} ms budget, seed ${seed}.\n`,
);
console.log(
  markdownTable(
    [
      'max stops',
      'construction ms',
      'first plan ms',
      'total ms',
      'iterations',
      'distance km',
      'vehicles used',
      'unassigned',
      'stops per used route (min / median / max)',
      'checker',
    ],
    rows,
  ),
);
