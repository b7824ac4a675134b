/**
 * `pnpm bench:dispatch` (`tsx test/bench/dispatch.ts`): how long a reassignment suggestion for
 * one at-risk stop takes with the H3 candidate search, against a brute force that evaluates
 * every courier, in the same run on the same stops. Seeded random cities, 20 km across,
 * couriers working their own zones with 0–25 open stops each (fewer when the vehicle is full:
 * about 10 on average, 100,000 for 10,000 couriers); travel times from the learned-speed
 * provider with fresh speeds (the vehicle priors). The brute force runs within a time budget,
 * so it answers fewer stops on the large fleet; agreement is counted on those.
 *
 * Flags: --sizes 1000,10000 --stops 200 --stops-per-courier 12.5 --brute-budget-s 20 --seed 1
 */
import { parseArgs } from 'node:util';
import { LearnedSpeedProvider, LearnedSpeeds } from '../../server/src/eta/index';
import { suggestFor, type Proposal, type Trigger } from '../../server/src/dispatch/suggest/index';
import { randomCity } from '../factories/random-city';
import { cell, markdownTable, percentile } from './table';

const { values: flags } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000' },
    stops: { type: 'string', default: '200' },
    'stops-per-courier': { type: 'string', default: '12.5' },
    'brute-budget-s': { type: 'string', default: '20' },
    seed: { type: 'string', default: '1' },
  },
});

/** A positive number flag, or a clear error naming it. */
function positive(name: string, value: string): number {
  const n = Number(value);
  if (!(n > 0) || !Number.isFinite(n)) throw new Error(`--${name} must be a positive number`);
  return n;
}

const sizes = flags.sizes.split(',').map((size) => positive('sizes', size));
const stopCount = positive('stops', flags.stops);
const stopsPerCourier = positive('stops-per-courier', flags['stops-per-courier']);
const bruteBudgetMs = positive('brute-budget-s', flags['brute-budget-s']) * 1000;
const seed = positive('seed', flags.seed);

interface Run {
  latenciesMs: number[];
  examined: number[];
  best: (Proposal | undefined)[];
}

interface SizeResult {
  couriers: number;
  openStops: number;
  cells: number;
  buildMs: number;
  h3: Run;
  brute: Run;
  agreed: number;
}

/** The same best move: same courier and place, or an equally good one (or both find none). */
function sameBest(a: Proposal | undefined, b: Proposal | undefined): boolean {
  if (!a || !b) return a === b;
  if (a.toCourierId === b.toCourierId && a.insertPosition === b.insertPosition) return true;
  return Math.abs(a.score - b.score) <= 1e-9;
}

function measure(couriers: number): SizeResult {
  const started = performance.now();
  const city = randomCity({ seed, couriers, stopsPerCourier, maxDemand: 1 });
  const buildMs = performance.now() - started;
  const { model } = city;
  const provider = new LearnedSpeedProvider(new LearnedSpeeds());
  const triggers: Trigger[] = Array.from({ length: stopCount }, () => ({
    kind: 'late_risk',
    stopId: city.lateStop().id,
  }));
  const ask = (trigger: Trigger, candidateSearch: 'h3' | 'all') => {
    const t0 = performance.now();
    const result = suggestFor(trigger, model, { provider, candidateSearch });
    return { ms: performance.now() - t0, result };
  };
  // Warm the JIT on a few stops outside the sample.
  for (let i = 0; i < 10; i++) ask({ kind: 'late_risk', stopId: city.lateStop().id }, 'h3');

  const h3: Run = { latenciesMs: [], examined: [], best: [] };
  for (const trigger of triggers) {
    const { ms, result } = ask(trigger, 'h3');
    h3.latenciesMs.push(ms);
    h3.examined.push(result.candidatesExamined);
    h3.best.push(result.proposals[0]);
  }
  const brute: Run = { latenciesMs: [], examined: [], best: [] };
  const bruteStarted = performance.now();
  let agreed = 0;
  for (const [i, trigger] of triggers.entries()) {
    if (performance.now() - bruteStarted > bruteBudgetMs) break;
    const { ms, result } = ask(trigger, 'all');
    brute.latenciesMs.push(ms);
    brute.examined.push(result.candidatesExamined);
    brute.best.push(result.proposals[0]);
    if (sameBest(h3.best[i], result.proposals[0])) agreed++;
  }
  let openStops = 0;
  for (const courier of model.couriers.values()) openStops += courier.route.length;
  return {
    couriers,
    openStops,
    cells: model.index.cellCount,
    buildMs,
    h3,
    brute,
    agreed,
  };
}

const mean = (values: readonly number[]) =>
  values.reduce((sum, v) => sum + v, 0) / Math.max(1, values.length);
const sorted = (values: readonly number[]) => [...values].sort((a, b) => a - b);

const results: SizeResult[] = [];
for (const size of sizes) {
  console.error(`measuring ${size} couriers…`);
  results.push(measure(size));
}

console.log(`\n### Fleets (seed ${seed}, learned-speed provider with prior speeds)\n`);
console.log(
  markdownTable(
    ['couriers', 'open stops', 'H3 cells indexed', 'build ms'],
    results.map((r) => [cell(r.couriers), cell(r.openStops), cell(r.cells), cell(r.buildMs)]),
  ),
);

console.log('\n### One suggestion for an at-risk stop\n');
console.log(
  markdownTable(
    [
      'couriers',
      'search',
      'stops',
      'p50 ms',
      'p99 ms',
      'couriers examined (mean)',
      'share of fleet',
      'with a proposal',
    ],
    results.flatMap((r) =>
      (
        [
          ['H3 rings', r.h3],
          ['brute force', r.brute],
        ] as const
      ).map(([name, run]) => [
        cell(r.couriers),
        name,
        cell(run.latenciesMs.length),
        cell(percentile(sorted(run.latenciesMs), 0.5), 2),
        cell(percentile(sorted(run.latenciesMs), 0.99), 2),
        cell(mean(run.examined), 1),
        `${cell((mean(run.examined) / r.couriers) * 100, 2)}%`,
        cell(run.best.filter(Boolean).length),
      ]),
    ),
  ),
);

console.log('\n### H3 against brute force (on the stops both answered)\n');
console.log(
  markdownTable(
    [
      'couriers',
      'same best proposal',
      'p50 speed-up (brute ÷ H3)',
      'couriers examined (H3 ÷ brute)',
    ],
    results.map((r) => {
      const n = r.brute.latenciesMs.length;
      const h3Same = r.h3.latenciesMs.slice(0, n);
      return [
        cell(r.couriers),
        `${r.agreed}/${n} (${cell((r.agreed / Math.max(1, n)) * 100, 1)}%)`,
        `${cell(percentile(sorted(r.brute.latenciesMs), 0.5) / percentile(sorted(h3Same), 0.5), 0)}×`,
        cell(mean(r.h3.examined.slice(0, n)) / mean(r.brute.examined), 4),
      ];
    }),
  ),
);
