/**
 * `pnpm bench:day [--seed 1] [--couriers 40] [--stops 600] [--hours 8] [--stall-rate 0.3]
 * [--breakdown-rate 0.1] [--slow-zone-share 0.2] [--vehicle car] [--plan-iterations 20000]`:
 * one seeded delivery day with stalls, breakdowns and slow zones, in virtual time, run three
 * ways: the morning plan as it is, the morning plan with the suggestions the alerts bring
 * applied at once (auto-dispatch), and a plan made knowing every disruption in advance. Prints
 * markdown tables and the share of the on-time gap the suggestions close.
 */
import { parseArgs } from 'node:util';
import { VEHICLES, type Vehicle } from '@dispatch/shared';
import {
  compareOutcomes,
  runAutoAccepted,
  runNoIntervention,
  runReplanned,
  type DayRunResult,
} from '../harness/day-sim/compare-day';
import { planDay, type DayPlan } from '../harness/day-sim/day-plan';
import { dayOptions } from '../harness/day-sim/options';
import { buildScenario, type DayScenario } from '../harness/day-sim/scenario';
import { cell, markdownTable } from './table';

const { values: flags } = parseArgs({
  options: {
    seed: { type: 'string' },
    couriers: { type: 'string' },
    stops: { type: 'string' },
    hours: { type: 'string' },
    'stall-rate': { type: 'string' },
    'breakdown-rate': { type: 'string' },
    'slow-zone-share': { type: 'string' },
    vehicle: { type: 'string' },
    'plan-iterations': { type: 'string' },
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

const options = dayOptions({
  seed: numberFlag('seed'),
  couriers: numberFlag('couriers'),
  stops: numberFlag('stops'),
  hours: numberFlag('hours'),
  stallRatePerHour: numberFlag('stall-rate'),
  breakdownRatePerHour: numberFlag('breakdown-rate'),
  slowZoneShare: numberFlag('slow-zone-share'),
  vehicle: vehicleFlag(),
  planIterations: numberFlag('plan-iterations'),
});

/** Runs `work`, returning its result and the wall-clock seconds it took. */
function timed<T>(work: () => T): [T, number] {
  const began = performance.now();
  const result = work();
  return [result, (performance.now() - began) / 1000];
}

const [scenario, scenarioSeconds] = timed(() => buildScenario(options));
const [morning, morningSeconds] = timed(() => planDay(scenario, 'nominal'));
const [informed, informedSeconds] = timed(() => planDay(scenario, 'informed'));
const [none, noneSeconds] = timed(() => runNoIntervention(scenario, morning));
const [auto, autoSeconds] = timed(() => runAutoAccepted(scenario, morning));
const [replanned, replannedSeconds] = timed(() => runReplanned(scenario, informed));
const comparison = compareOutcomes(none, auto, replanned);

function scenarioTable(day: DayScenario): string {
  const hoursOf = (kind: 'stall' | 'breakdown') =>
    day.holds.filter((h) => h.kind === kind).reduce((sum, h) => sum + h.toMs - h.fromMs, 0) /
    3_600_000;
  const count = (kind: 'stall' | 'breakdown') => day.holds.filter((h) => h.kind === kind).length;
  return markdownTable(
    [
      'seed',
      'couriers',
      'vehicle',
      'stops',
      'shift h',
      'stalls',
      'stall h',
      'breakdowns',
      'breakdown h',
      'slow-zone share',
    ],
    [
      [
        String(day.options.seed),
        cell(day.couriers.length),
        day.options.vehicle,
        cell(day.stops.length),
        cell(day.options.hours, 1),
        cell(count('stall')),
        cell(hoursOf('stall'), 1),
        cell(count('breakdown')),
        cell(hoursOf('breakdown'), 1),
        cell(day.options.slowZoneShare, 2),
      ],
    ],
  );
}

function usedCouriers(plan: DayPlan): number {
  return [...plan.routes.values()].filter((route) => route.length > 0).length;
}

function runRow(
  name: string,
  result: DayRunResult,
  planSeconds: number | null,
  runSeconds: number,
): string[] {
  const { outcome, dispatch, plan } = result;
  return [
    name,
    cell(outcome.onTimeRate * 100, 1),
    `${cell(outcome.onTime)} / ${cell(outcome.delivered)}`,
    cell(outcome.lateMinutes),
    cell(outcome.leftOpen),
    cell(usedCouriers(plan)),
    cell(plan.latePlaced.length),
    dispatch ? cell(dispatch.triggers) : '—',
    dispatch ? cell(dispatch.applied) : '—',
    dispatch ? cell(dispatch.stopsMoved) : '—',
    planSeconds === null ? '—' : cell(planSeconds, 1),
    cell(runSeconds, 1),
  ];
}

const percent = (share: number | null) => (share === null ? 'n/a' : `${cell(share * 100, 0)} %`);

console.log(`## bench:day\n`);
console.log(scenarioTable(scenario));
console.log();
console.log(
  markdownTable(
    [
      'run',
      'on time %',
      'on time / delivered',
      'late min',
      'left open',
      'couriers used',
      'planned late',
      'asked',
      'applied',
      'stops moved',
      'plan s',
      'run s',
    ],
    [
      runRow('1 no intervention', none, morningSeconds, noneSeconds),
      runRow('2 suggestions auto-accepted', auto, null, autoSeconds),
      runRow('3 re-plan knowing everything', replanned, informedSeconds, replannedSeconds),
    ],
  ),
);
const byKind = auto.dispatch?.appliedByKind;
console.log();
console.log(
  `Gap closed by the suggestions, (r2 − r1) / (r3 − r1): ${percent(comparison.onTimeGapClosed)} ` +
    `of the on-time rate, ${percent(comparison.lateMinutesGapClosed)} of the late minutes.`,
);
if (byKind) {
  console.log(
    `Applied by asking alert: late_risk ${byKind.late_risk}, late ${byKind.late}, ` +
      `stalled ${byKind.stalled}, offline ${byKind.offline}.`,
  );
}
console.log(
  `Run 2 drives the run 1 plan. Rounds planned: ${cell(morning.iterations)} (morning), ` +
    `${cell(informed.iterations)} (re-plan, two passes). Scenario built in ${cell(scenarioSeconds, 2)} s.`,
);
