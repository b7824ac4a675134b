/**
 * `pnpm bench:vrptw [DIR] [--time-ms 1000] [--out DIR] [--only C1,R2] [--instances-per-class N]
 * [--seed 1] [--minimise-vehicles]`: plans every instance in DIR (default
 * ../shared/data/vrptw/solomon) with the routing planner, checks each plan with the independent
 * checker and compares it with the best known result. Solomon folders hold a BKS.json of
 * distance-only records; a Gehring & Homberger folder (homberger_200, homberger_1000) has none,
 * and its records (fewest vehicles first) come from ../homberger_BKS.json, with the fleet capped
 * at the record's vehicle count + 10 %. Prints markdown tables.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkSolution, solutionDistance } from '../../server/src/dispatch/routing/checker';
import { planRoutes } from '../../server/src/dispatch/routing/planner';
import {
  allowedFleet,
  firstOfEachClass,
  instanceClass,
  readHombergerRecords,
  type HombergerRecord,
} from '../harness/solomon/homberger';
import { formatSolution, parseSolomon, solomonProblem } from '../harness/solomon/solomon';
import { cell } from './table';
import { hombergerReport, solomonReport, type VrptwOutcome } from './vrptw-report';

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    'time-ms': { type: 'string', default: '1000' },
    out: { type: 'string' },
    only: { type: 'string' },
    'instances-per-class': { type: 'string' },
    seed: { type: 'string', default: '1' },
    'minimise-vehicles': { type: 'boolean', default: false },
  },
});
const repoRoot = path.resolve(import.meta.dirname, '..', '..');
const dir = positionals[0] ?? path.resolve(repoRoot, '..', 'shared', 'data', 'vrptw', 'solomon');
const timeLimitMs = Number(flags['time-ms']);
const seed = Number(flags.seed);
const minimiseVehicles = flags['minimise-vehicles'];
const only = flags.only?.split(',').map((prefix) => prefix.trim().toUpperCase());
const perClass =
  flags['instances-per-class'] === undefined ? Infinity : Number(flags['instances-per-class']);

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

const solomonFile = path.join(dir, 'BKS.json');
const hombergerFile = path.join(dir, '..', 'homberger_BKS.json');
const homberger = !existsSync(solomonFile) && existsSync(hombergerFile);
const records: Map<string, HombergerRecord> = homberger
  ? readHombergerRecords(JSON.parse(readFileSync(hombergerFile, 'utf8')))
  : new Map();
const distanceRecords = homberger ? new Map<string, number>() : readBestKnown(solomonFile);

const listed = readdirSync(dir)
  .filter((file) => file.endsWith('.txt'))
  .map((file) => file.slice(0, -4))
  .filter((name) => !only || only.some((prefix) => name.toUpperCase().startsWith(prefix)))
  .sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
const names = Number.isFinite(perClass) ? firstOfEachClass(listed, perClass) : listed;
if (flags.out) mkdirSync(flags.out, { recursive: true });

const outcomes: VrptwOutcome[] = [];
for (const name of names) {
  const instance = parseSolomon(readFileSync(path.join(dir, `${name}.txt`), 'utf8'));
  const record = records.get(name.toLowerCase());
  const full = solomonProblem(instance);
  const fleet = record ? Math.min(full.vehicles.length, allowedFleet(record.vehicles)) : undefined;
  const problem = fleet === undefined ? full : { ...full, vehicles: full.vehicles.slice(0, fleet) };
  const plan = planRoutes(problem, { timeLimitMs, seed, minimiseVehicles });
  const violations = checkSolution(problem, plan.solution, { requireAllAssigned: true });
  const distance = solutionDistance(problem, plan.solution);
  const known = homberger ? record?.distance : distanceRecords.get(name);
  const outcome: VrptwOutcome = {
    name,
    family: instanceClass(name),
    vehicles: plan.vehiclesUsed,
    distance,
    bestKnown: known,
    bestKnownVehicles: record?.vehicles,
    fleet,
    gapPercent: known === undefined ? undefined : ((distance - known) / known) * 100,
    timeMs: plan.elapsedMs,
    feasible: violations.length === 0,
  };
  outcomes.push(outcome);
  if (flags.out)
    writeFileSync(path.join(flags.out, `${name}.sol`), formatSolution(instance, plan.solution));
  process.stderr.write(
    `[bench:vrptw] ${name} ${distance.toFixed(2)} (${cell(outcome.gapPercent, 2)}%) ` +
      `${plan.vehiclesUsed} vehicles, construction ${cell(plan.constructionMs)} ms, ` +
      `${plan.iterations} iterations${violations.length ? `, ${violations.length} violations` : ''}\n`,
  );
}

console.log(
  homberger
    ? hombergerReport(outcomes, { timeLimitMs, seed, minimiseVehicles })
    : solomonReport(outcomes, timeLimitMs, seed),
);
