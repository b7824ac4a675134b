/**
 * `pnpm bench:day [--seeds 1,2,3,4,5 | --seed 1] [--couriers 40] [--stops 600] [--hours 8]
 * [--stall-rate 0.3] [--breakdown-rate 0.1] [--world plain|traffic] [--vehicle car]
 * [--plan-iterations 20000] [--window-margin-minutes 15] [--with-defaults]`: seeded delivery
 * days with stalls and breakdowns, on plain streets or in the world's traffic, in virtual time,
 * each run three ways: the morning plan as it is, the morning plan with the suggestions the
 * alerts bring applied at once (auto-dispatch), and the ceiling (the same planner knowing the
 * whole day, with ten times the rounds). Prints markdown tables per seed, the share of the gap
 * the suggestions close over the seeds, what they missed and why, the `late_risk` alerts opened,
 * and a line for every seed where the ceiling is below the suggestions run.
 *
 * Detection and suggestions run under the server's own settings: `DETECTION_RULES` from the
 * environment, read as the server reads it, with `--window-margin-minutes` setting its
 * `lateRisk.windowMarginMinutes`. `--with-defaults` also runs the suggestions under the default
 * settings (no safety margin) for comparison.
 */
import { parseArgs } from 'node:util';
import { VEHICLES, type Vehicle } from '@dispatch/shared';
import { detectionConfig, type DetectionConfig } from '../../server/src/detect/config';
import { parseDetectionRules } from '../../server/src/detect/detection-rules';
import { CEILING_BUDGET } from '../harness/day-sim/day-ceiling';
import { DAY_WORLDS, dayOptions, type DayWorld } from '../harness/day-sim/options';
import {
  alertVolumeLine,
  defaultsGapLine,
  missTable,
  percent,
  runsTable,
  scenarioTable,
  summaryTable,
} from './day-report';
import { runSeed, type SeedResult } from './day-seed';
import { cell } from './table';

const { values: flags } = parseArgs({
  options: {
    seed: { type: 'string' },
    seeds: { type: 'string' },
    couriers: { type: 'string' },
    stops: { type: 'string' },
    hours: { type: 'string' },
    'stall-rate': { type: 'string' },
    'breakdown-rate': { type: 'string' },
    world: { type: 'string' },
    vehicle: { type: 'string' },
    'plan-iterations': { type: 'string' },
    'with-defaults': { type: 'boolean' },
    'window-margin-minutes': { type: 'string' },
  },
});

const numberFlag = (name: keyof typeof flags): number | undefined => {
  const raw = flags[name];
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new RangeError(`--${name} must be a number, not "${raw}"`);
  return value;
};

function vehicleFlag(): Vehicle | undefined {
  const raw = flags.vehicle;
  if (raw === undefined) return undefined;
  const vehicle = VEHICLES.find((v) => v === raw);
  if (!vehicle) throw new RangeError(`--vehicle must be one of ${VEHICLES.join(', ')}`);
  return vehicle;
}

function worldFlag(): DayWorld | undefined {
  const raw = flags.world;
  if (raw === undefined) return undefined;
  const world = DAY_WORLDS.find((w) => w === raw);
  if (!world) throw new RangeError(`--world must be one of ${DAY_WORLDS.join(', ')}`);
  return world;
}

function seedsFlag(): number[] {
  if (flags.seeds === undefined) return [numberFlag('seed') ?? 1];
  const seeds = flags.seeds.split(',').map(Number);
  if (seeds.some((s) => !Number.isInteger(s)))
    throw new RangeError(`--seeds must be whole numbers separated by commas, not "${flags.seeds}"`);
  return seeds;
}

const shared = {
  couriers: numberFlag('couriers'),
  stops: numberFlag('stops'),
  hours: numberFlag('hours'),
  stallRatePerHour: numberFlag('stall-rate'),
  breakdownRatePerHour: numberFlag('breakdown-rate'),
  world: worldFlag(),
  vehicle: vehicleFlag(),
  planIterations: numberFlag('plan-iterations'),
};

/** `DETECTION_RULES` as the server reads it, the margin flag over it (validated the same way). */
function detectionFlags(): DetectionConfig {
  const rules = parseDetectionRules(process.env.DETECTION_RULES);
  const margin = flags['window-margin-minutes'];
  if (margin === undefined) return detectionConfig(rules);
  const flagged = parseDetectionRules(
    JSON.stringify({ lateRisk: { windowMarginMinutes: Number(margin) } }),
  );
  return detectionConfig({ ...rules, lateRisk: { ...rules.lateRisk, ...flagged.lateRisk } });
}

const detection = detectionFlags();

console.log(`## bench:day\n`);
console.log(
  `Run 2: DETECTION_RULES lateRisk.windowMarginMinutes = ` +
    `${detection.lateRisk.windowMarginMinutes} (late risk opens, and suggestions weigh moves, ` +
    `against window ends that much early); the product's auto-dispatch policy (the first ` +
    'proposal that removes lateness and makes no other stop late).\n',
);
const results: SeedResult[] = [];
for (const seed of seedsFlag()) {
  const options = dayOptions({ ...shared, seed });
  const result = runSeed(options, detection, flags['with-defaults'] ?? false);
  results.push(result);
  const { comparison: c, seconds, scenario } = result;
  console.log(`### seed ${seed}\n`);
  console.log(scenarioTable(scenario));
  console.log();
  console.log(runsTable(result));
  console.log();
  console.log(
    `Gap closed by the suggestions, (r2 − r1) / (r3 − r1): ${percent(c.onTimeGapClosed)} of ` +
      `the on-time rate, ${percent(c.lateMinutesGapClosed)} of the late minutes.`,
  );
  const byKind = c.autoAccepted.dispatch!.appliedByKind;
  console.log(
    `Applied by asking alert: late_risk ${byKind.late_risk}, late ${byKind.late}, ` +
      `stalled ${byKind.stalled}, offline ${byKind.offline}.`,
  );
  console.log(
    `Rounds planned: ${cell(c.noIntervention.plan.iterations)} (morning, ` +
      `${cell(seconds.morningPlan, 1)} s), ${cell(c.ceiling.plan.iterations)} (ceiling, two ` +
      `passes, ${cell(seconds.ceilingPlan, 1)} s). Scenario built in ${cell(seconds.scenario, 2)} s.`,
  );
  if (c.ceilingShortfall) console.log(`\n**${c.ceilingShortfall}**`);
  console.log();
}

console.log(`### over ${results.length} seed${results.length === 1 ? '' : 's'}\n`);
console.log(summaryTable(results));
console.log();
console.log('aim: ≥ 75 % of the gap closed (mean over the seeds, on-time rate)');
console.log();
console.log(
  'On time counts every stop due that day: a stop never reached is late, its late minutes ' +
    'running from its window end to the end of the run. The ceiling is `planRoutes` with the ' +
    `morning plan's stop limit and ${CEILING_BUDGET}× its rounds, knowing every hold, the true ` +
    "speeds of the streets and each courier's own pace.",
);
console.log();
console.log(alertVolumeLine(results));
console.log();
console.log('Stops late or undelivered in run 2, by cause (all seeds):\n');
console.log(missTable(results.flatMap((r) => r.misses)));
if (results.some((r) => r.productDefaults)) {
  console.log('\nThe same under the product defaults (run 2a):\n');
  console.log(missTable(results.flatMap((r) => r.defaultMisses)));
  console.log(`\n${defaultsGapLine(results)}`);
}
const shortfalls = results.filter((r) => r.comparison.ceilingShortfall);
console.log();
console.log(
  shortfalls.length === 0
    ? 'The ceiling is at least as good as the suggestions run on every seed.'
    : shortfalls.map((r) => r.comparison.ceilingShortfall).join('\n'),
);
