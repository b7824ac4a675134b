/**
 * `pnpm bench:pdptw [DIR] [--time-ms 5000] [--out DIR] [--only LC1,LR2] [--seed 1]`: plans every
 * Li & Lim pickup-and-delivery instance in DIR (default ../shared/data/pdptw/li_lim_100) with
 * the routing planner (fewest vehicles first, then distance), checks each plan with the
 * independent checker (pairs, precedence, load at every point) and compares it with the best
 * known solutions in DIR/../BKS.json, which have the same objective. Prints markdown tables.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkSolution, solutionDistance } from '../../server/src/dispatch/routing/checker';
import { planRoutes } from '../../server/src/dispatch/routing/planner';
import { formatSolution, liLimProblem, parseLiLim } from '../harness/lilim/lilim';
import { cell, markdownTable } from './table';

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'time-ms': { type: 'string', default: '5000' },
    out: { type: 'string' },
    only: { type: 'string' },
    seed: { type: 'string', default: '1' },
  },
});
const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const dir = positionals[0] ?? path.resolve(repoRoot, '..', 'shared', 'data', 'pdptw', 'li_lim_100');
const timeLimitMs = Number(flags['time-ms']);
const seed = Number(flags.seed);
const only = flags.only?.split(',').map((prefix) => prefix.trim().toLowerCase());

if (!existsSync(dir)) {
  console.log(`No Li & Lim instances at ${dir}: nothing to plan.`);
  process.exit(0);
}

interface BestKnown {
  vehicles: number;
  cost: number;
}

interface Outcome {
  name: string;
  family: string;
  vehicles: number;
  distance: number;
  bestKnown: BestKnown | undefined;
  gapPercent: number | undefined;
  timeMs: number;
  violations: number;
}

/** `BKS.json` maps instance names to `{ solved_with_vehicles, best_known_cost }`. */
function readBestKnown(file: string): Map<string, BestKnown> {
  const known = new Map<string, BestKnown>();
  if (!existsSync(file)) return known;
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
  if (typeof raw !== 'object' || raw === null) return known;
  for (const [name, entry] of Object.entries(raw)) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { solved_with_vehicles: vehicles, best_known_cost: cost } = entry as Record<
      string,
      unknown
    >;
    if (typeof vehicles === 'number' && typeof cost === 'number')
      known.set(name.toLowerCase(), { vehicles, cost });
  }
  return known;
}

const bestKnown = readBestKnown(path.join(dir, '..', 'BKS.json'));
const names = readdirSync(dir)
  .filter((file) => file.endsWith('.txt'))
  .map((file) => file.slice(0, -4))
  .filter((name) => !only || only.some((prefix) => name.toLowerCase().startsWith(prefix)))
  .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
if (flags.out) mkdirSync(flags.out, { recursive: true });

const outcomes: Outcome[] = [];
for (const name of names) {
  const instance = parseLiLim(readFileSync(path.join(dir, `${name}.txt`), 'utf8'), name);
  const problem = liLimProblem(instance);
  const plan = planRoutes(problem, { timeLimitMs, seed, minimiseVehicles: true });
  const violations = checkSolution(problem, plan.solution, { requireAllAssigned: true });
  const distance = solutionDistance(problem, plan.solution);
  const known = bestKnown.get(name.toLowerCase());
  const outcome: Outcome = {
    name,
    family: /^[a-z]+\d/i.exec(name)?.[0].toLowerCase() ?? name,
    vehicles: plan.vehiclesUsed,
    distance,
    bestKnown: known,
    gapPercent: known === undefined ? undefined : ((distance - known.cost) / known.cost) * 100,
    timeMs: plan.elapsedMs,
    violations: violations.length,
  };
  outcomes.push(outcome);
  if (flags.out)
    writeFileSync(path.join(flags.out, `${name}.sol`), formatSolution(instance, plan.solution));
  process.stderr.write(
    `[bench:pdptw] ${name} ${plan.vehiclesUsed} vehicles ${distance.toFixed(2)} ` +
      `(${cell(outcome.gapPercent, 2)}%) ${plan.iterations} iterations` +
      `${violations.length ? `, ${violations.length} violations (${violations[0]!.kind} first)` : ''}\n`,
  );
}

/** Hundredths, without the "-0.00" of a result equal to the best known up to rounding. */
const roundGap = (gap: number | undefined) =>
  gap === undefined ? undefined : Math.round(gap * 100) / 100 + 0;
const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
const gaps = (rows: Outcome[]) =>
  rows.flatMap((row) => (row.gapPercent === undefined ? [] : [row.gapPercent]));
const knownVehicles = (rows: Outcome[]) =>
  rows.flatMap((row) => (row.bestKnown === undefined ? [] : [row.bestKnown.vehicles]));
const feasible = (rows: Outcome[]) => rows.filter((row) => row.violations === 0).length;

console.log(
  `Li & Lim PDPTW, ${outcomes.length} instances, ${timeLimitMs} ms each, seed ${seed}. Fewest ` +
    'vehicles first, then distance, for the planner (`minimiseVehicles`) as for the best known ' +
    '(BKS.json).\n',
);
console.log(
  markdownTable(
    [
      'instance',
      'vehicles',
      'best known vehicles',
      'distance',
      'best known',
      'gap %',
      'time ms',
      'checker',
    ],
    outcomes.map((row) => [
      row.name,
      cell(row.vehicles),
      cell(row.bestKnown?.vehicles),
      cell(row.distance, 2),
      cell(row.bestKnown?.cost, 2),
      cell(roundGap(row.gapPercent), 2),
      cell(row.timeMs),
      row.violations === 0 ? 'ok' : `${row.violations} violations`,
    ]),
  ),
);
const families = [...new Set(outcomes.map((row) => row.family))];
console.log();
console.log(
  markdownTable(
    [
      'class',
      'instances',
      'feasible',
      'mean vehicles',
      'best known vehicles',
      'mean gap %',
      'mean time ms',
    ],
    families.map((family) => {
      const rows = outcomes.filter((row) => row.family === family);
      return [
        family,
        cell(rows.length),
        `${feasible(rows)}/${rows.length}`,
        cell(mean(rows.map((row) => row.vehicles)), 1),
        cell(mean(knownVehicles(rows)), 1),
        cell(roundGap(mean(gaps(rows))), 2),
        cell(mean(rows.map((row) => row.timeMs))),
      ];
    }),
  ),
);
console.log(
  `\nOverall: mean gap ${cell(roundGap(mean(gaps(outcomes))), 2)}%, ` +
    `vehicles ${outcomes.reduce((sum, row) => sum + row.vehicles, 0)} ` +
    `(best known ${knownVehicles(outcomes).reduce((sum, v) => sum + v, 0)}), ` +
    `mean time ${cell(mean(outcomes.map((row) => row.timeMs)))} ms, ` +
    `feasible ${feasible(outcomes)}/${outcomes.length}.`,
);
