/**
 * `pnpm bench:vrptw [DIR] [--time-ms 1000] [--out DIR] [--only C1,R2] [--seed 1]`: plans every
 * Solomon instance in DIR (default ../shared/data/vrptw/solomon) with the routing planner, checks
 * each plan with the independent checker and compares its distance with the best known
 * distance-only result in DIR/BKS.json. Prints markdown tables.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkSolution, solutionDistance } from '../../server/src/dispatch/routing/checker';
import { planRoutes } from '../../server/src/dispatch/routing/planner';
import { formatSolution, parseSolomon, solomonProblem } from '../harness/solomon/solomon';
import { cell, markdownTable } from './table';

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'time-ms': { type: 'string', default: '1000' },
    out: { type: 'string' },
    only: { type: 'string' },
    seed: { type: 'string', default: '1' },
  },
});
const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const dir = positionals[0] ?? path.resolve(repoRoot, '..', 'shared', 'data', 'vrptw', 'solomon');
const timeLimitMs = Number(flags['time-ms']);
const seed = Number(flags.seed);
const only = flags.only?.split(',').map((prefix) => prefix.trim().toUpperCase());

interface Outcome {
  name: string;
  family: string;
  vehicles: number;
  distance: number;
  bestKnown: number | undefined;
  gapPercent: number | undefined;
  timeMs: number;
  feasible: boolean;
}

/** `BKS.json` maps names to `{ best_known_cost }`; `<NAME>_distance` is the distance-only record. */
function readBestKnown(file: string): Map<string, number> {
  const raw: unknown = JSON.parse(readFileSync(file, 'utf8'));
  const known = new Map<string, number>();
  if (typeof raw !== 'object' || raw === null) return known;
  for (const [key, entry] of Object.entries(raw)) {
    if (!key.endsWith('_distance') || typeof entry !== 'object' || entry === null) continue;
    const cost: unknown = (entry as Record<string, unknown>).best_known_cost;
    if (typeof cost === 'number') known.set(key.slice(0, -'_distance'.length), cost);
  }
  return known;
}

const bestKnown = readBestKnown(path.join(dir, 'BKS.json'));
const names = readdirSync(dir)
  .filter((file) => file.endsWith('.txt'))
  .map((file) => file.slice(0, -4))
  .filter((name) => !only || only.some((prefix) => name.toUpperCase().startsWith(prefix)))
  .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
if (flags.out) mkdirSync(flags.out, { recursive: true });

const outcomes: Outcome[] = [];
for (const name of names) {
  const instance = parseSolomon(readFileSync(path.join(dir, `${name}.txt`), 'utf8'));
  const problem = solomonProblem(instance);
  const plan = planRoutes(problem, { timeLimitMs, seed });
  const violations = checkSolution(problem, plan.solution, { requireAllAssigned: true });
  const distance = solutionDistance(problem, plan.solution);
  const known = bestKnown.get(name);
  const outcome: Outcome = {
    name,
    family: /^[A-Z]+\d/i.exec(name)?.[0] ?? name,
    vehicles: plan.vehiclesUsed,
    distance,
    bestKnown: known,
    gapPercent: known === undefined ? undefined : ((distance - known) / known) * 100,
    timeMs: plan.elapsedMs,
    feasible: violations.length === 0,
  };
  outcomes.push(outcome);
  if (flags.out)
    writeFileSync(path.join(flags.out, `${name}.sol`), formatSolution(instance, plan.solution));
  process.stderr.write(
    `[bench:vrptw] ${name} ${distance.toFixed(2)} (${cell(outcome.gapPercent, 2)}%) ` +
      `${plan.iterations} iterations${violations.length ? `, ${violations.length} violations` : ''}\n`,
  );
}

/** Hundredths, without the "-0.00" of a result equal to the best known up to rounding. */
const roundGap = (gap: number | undefined) =>
  gap === undefined ? undefined : Math.round(gap * 100) / 100 + 0;
const mean = (values: number[]) => values.reduce((sum, v) => sum + v, 0) / values.length;
const median = (sorted: number[]) =>
  sorted.length === 0
    ? NaN
    : (sorted[Math.floor((sorted.length - 1) / 2)]! + sorted[Math.ceil((sorted.length - 1) / 2)]!) /
      2;
const gaps = (rows: Outcome[]) =>
  rows.flatMap((row) => (row.gapPercent === undefined ? [] : [row.gapPercent]));

console.log(
  `Solomon VRPTW, ${outcomes.length} instances, ${timeLimitMs} ms each, seed ${seed}. ` +
    'Best known = the distance-only best known distance (BKS.json `<NAME>_distance`), ' +
    'not the fewest-vehicles record.\n',
);
console.log(
  markdownTable(
    ['instance', 'vehicles', 'distance', 'best known', 'gap %', 'time ms', 'feasible'],
    outcomes.map((row) => [
      row.name,
      cell(row.vehicles),
      cell(row.distance, 2),
      cell(row.bestKnown, 2),
      cell(roundGap(row.gapPercent), 2),
      cell(row.timeMs),
      row.feasible ? 'yes' : 'NO',
    ]),
  ),
);
const families = [...new Set(outcomes.map((row) => row.family))];
console.log();
console.log(
  markdownTable(
    ['class', 'instances', 'mean vehicles', 'mean gap %', 'mean time ms', 'feasible'],
    families.map((family) => {
      const rows = outcomes.filter((row) => row.family === family);
      return [
        family,
        cell(rows.length),
        cell(mean(rows.map((row) => row.vehicles)), 1),
        cell(roundGap(mean(gaps(rows))), 2),
        cell(mean(rows.map((row) => row.timeMs))),
        `${rows.filter((row) => row.feasible).length}/${rows.length}`,
      ];
    }),
  ),
);
const allGaps = gaps(outcomes).sort((a, b) => a - b);
console.log(
  `\nOverall: mean gap ${cell(roundGap(mean(allGaps)), 2)}%, median gap ${cell(roundGap(median(allGaps)), 2)}%, ` +
    `mean time ${cell(mean(outcomes.map((row) => row.timeMs)))} ms, ` +
    `feasible ${outcomes.filter((row) => row.feasible).length}/${outcomes.length}.`,
);
