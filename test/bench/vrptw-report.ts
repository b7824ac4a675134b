/** The tables `pnpm bench:vrptw` prints: Solomon against distance-only records, Gehring & Homberger against fewest-vehicles ones. */
import { cell, markdownTable } from './table';

/** One planned instance. */
export interface VrptwOutcome {
  name: string;
  family: string;
  vehicles: number;
  distance: number;
  /** The record's distance (Solomon: distance-only; Homberger: fewest vehicles first). */
  bestKnown: number | undefined;
  /** Homberger only: the record's vehicle count. */
  bestKnownVehicles?: number | undefined;
  /** Homberger only: the vehicles the planner was given. */
  fleet?: number;
  gapPercent: number | undefined;
  timeMs: number;
  feasible: boolean;
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
const gaps = (rows: VrptwOutcome[]) =>
  rows.flatMap((row) => (row.gapPercent === undefined ? [] : [row.gapPercent]));
const feasibleCount = (rows: VrptwOutcome[]) =>
  `${rows.filter((row) => row.feasible).length}/${rows.length}`;
const byFamily = (outcomes: VrptwOutcome[]) =>
  [...new Set(outcomes.map((row) => row.family))].map(
    (family) => [family, outcomes.filter((row) => row.family === family)] as const,
  );

function overall(outcomes: VrptwOutcome[]): string {
  const allGaps = gaps(outcomes).sort((a, b) => a - b);
  return (
    `Overall: mean gap ${cell(roundGap(mean(allGaps)), 2)}%, median gap ${cell(roundGap(median(allGaps)), 2)}%, ` +
    `mean time ${cell(mean(outcomes.map((row) => row.timeMs)))} ms, ` +
    `feasible ${feasibleCount(outcomes)}`
  );
}

/** The Solomon tables, as they have always been printed. */
export function solomonReport(outcomes: VrptwOutcome[], timeLimitMs: number, seed: number): string {
  const header =
    `Solomon VRPTW, ${outcomes.length} instances, ${timeLimitMs} ms each, seed ${seed}. ` +
    'Best known = the distance-only best known distance (BKS.json `<NAME>_distance`), ' +
    'not the fewest-vehicles record.\n';
  const instances = markdownTable(
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
  );
  const classes = markdownTable(
    ['class', 'instances', 'mean vehicles', 'mean gap %', 'mean time ms', 'feasible'],
    byFamily(outcomes).map(([family, rows]) => [
      family,
      cell(rows.length),
      cell(mean(rows.map((row) => row.vehicles)), 1),
      cell(roundGap(mean(gaps(rows))), 2),
      cell(mean(rows.map((row) => row.timeMs))),
      feasibleCount(rows),
    ]),
  );
  return `${header}\n${instances}\n\n${classes}\n\n${overall(outcomes)}.`;
}

/** The Gehring & Homberger tables: vehicles beside the record's, distance beside its distance. */
export function hombergerReport(
  outcomes: VrptwOutcome[],
  options: { timeLimitMs: number; seed: number; minimiseVehicles: boolean },
): string {
  const objective = options.minimiseVehicles
    ? 'fewest vehicles first, then distance'
    : 'distance only';
  const header =
    `Gehring & Homberger VRPTW, ${outcomes.length} instances, ${options.timeLimitMs} ms each, ` +
    `seed ${options.seed}, objective: ${objective}. Fleet given to the planner: at most the best ` +
    'known vehicle count + 10 % (ceil(1.1 × solved_with_vehicles)). Best known = the record ' +
    'under fewest vehicles first, then distance (homberger_BKS.json); a plan using more vehicles ' +
    'than the record can be shorter, so a negative gap is possible.\n';
  const instances = markdownTable(
    [
      'instance',
      'vehicles',
      'best known vehicles',
      'fleet',
      'distance',
      'best known',
      'gap %',
      'time ms',
      'feasible',
    ],
    outcomes.map((row) => [
      row.name,
      cell(row.vehicles),
      cell(row.bestKnownVehicles),
      cell(row.fleet),
      cell(row.distance, 2),
      cell(row.bestKnown, 2),
      cell(roundGap(row.gapPercent), 2),
      cell(row.timeMs),
      row.feasible ? 'yes' : 'NO',
    ]),
  );
  const known = (rows: VrptwOutcome[]) =>
    rows.flatMap((row) => (row.bestKnownVehicles === undefined ? [] : [row.bestKnownVehicles]));
  const classes = markdownTable(
    [
      'class',
      'instances',
      'mean vehicles',
      'best known vehicles',
      'mean distance',
      'best known distance',
      'mean gap %',
      'mean time ms',
      'feasible',
    ],
    byFamily(outcomes).map(([family, rows]) => [
      family,
      cell(rows.length),
      cell(mean(rows.map((row) => row.vehicles)), 1),
      cell(mean(known(rows)), 1),
      cell(mean(rows.map((row) => row.distance)), 2),
      cell(mean(rows.flatMap((row) => (row.bestKnown === undefined ? [] : [row.bestKnown]))), 2),
      cell(roundGap(mean(gaps(rows))), 2),
      cell(mean(rows.map((row) => row.timeMs))),
      feasibleCount(rows),
    ]),
  );
  const vehicles = outcomes.reduce((sum, row) => sum + row.vehicles, 0);
  const recordVehicles = known(outcomes).reduce((sum, count) => sum + count, 0);
  return (
    `${header}\n${instances}\n\n${classes}\n\n${overall(outcomes)}, ` +
    `${vehicles} vehicles against the records' ${recordVehicles}.`
  );
}
