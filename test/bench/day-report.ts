import { gapClosed, type DayRunResult } from '../harness/day-sim/compare-day';
import { MISS_CAUSES, type HeldBy, type Miss } from '../harness/day-sim/day-misses';
import type { DayPlan } from '../harness/day-sim/day-plan';
import type { DayScenario } from '../harness/day-sim/scenario';
import type { SeedResult } from './day-seed';
import { cell, markdownTable, percentile } from './table';

/** The day's size and disruptions. */
export function scenarioTable(day: DayScenario): string {
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
      'world',
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
        day.options.world,
      ],
    ],
  );
}

function usedCouriers(plan: DayPlan): number {
  return [...plan.routes.values()].filter((route) => route.length > 0).length;
}

function runRow(name: string, result: DayRunResult, runSeconds: number): string[] {
  const { outcome, dispatch, plan } = result;
  return [
    name,
    cell(outcome.onTimeRate * 100, 1),
    `${cell(outcome.onTime)} / ${cell(outcome.due)}`,
    cell(outcome.late),
    cell(outcome.undelivered),
    cell(outcome.lateMinutes),
    cell(usedCouriers(plan)),
    cell(plan.latePlaced.length),
    dispatch ? cell(dispatch.triggers) : '—',
    dispatch ? cell(dispatch.applied) : '—',
    dispatch ? cell(dispatch.stopsMoved) : '—',
    dispatch ? cell(dispatch.lateRiskOpened) : '—',
    cell(runSeconds, 1),
  ];
}

/** The three runs of one seed (and run 2 under the product's defaults, when there is one). */
export function runsTable({ comparison: c, seconds, productDefaults }: SeedResult): string {
  const defaults = productDefaults
    ? [runRow('2a suggestions, product defaults', productDefaults, seconds.productDefaults)]
    : [];
  return markdownTable(
    [
      'run',
      'on time %',
      'on time / due',
      'late',
      'undelivered',
      'late min',
      'couriers used',
      'planned late',
      'asked',
      'applied',
      'stops moved',
      'late_risk opened',
      'run s',
    ],
    [
      runRow('1 no intervention', c.noIntervention, seconds.noIntervention),
      ...defaults,
      runRow('2 suggestions auto-accepted (settings given)', c.autoAccepted, seconds.autoAccepted),
      runRow('3 ceiling (same planner, day known, 10× rounds)', c.ceiling, seconds.ceiling),
    ],
  );
}

/** Percent of a share, or n/a. */
export const percent = (share: number | null): string =>
  share === null ? 'n/a' : `${cell(share * 100, 0)} %`;

/** One row per seed and the mean share of the gap closed. */
export function summaryTable(results: readonly SeedResult[]): string {
  const rows = results.map(({ scenario, comparison: c }) => [
    String(scenario.options.seed),
    ...[c.noIntervention, c.autoAccepted, c.ceiling].map((r) =>
      cell(r.outcome.onTimeRate * 100, 1),
    ),
    ...[c.noIntervention, c.autoAccepted, c.ceiling].map((r) => cell(r.outcome.lateMinutes)),
    percent(c.onTimeGapClosed),
    percent(c.lateMinutesGapClosed),
    c.ceilingShortfall ? 'NO' : 'yes',
  ]);
  const mean = (pick: (r: SeedResult) => number | null) => {
    const values = results.map(pick).filter((v): v is number => v !== null);
    return values.length === 0 ? null : values.reduce((s, v) => s + v, 0) / values.length;
  };
  rows.push([
    'mean',
    '',
    '',
    '',
    '',
    '',
    '',
    percent(mean((r) => r.comparison.onTimeGapClosed)),
    percent(mean((r) => r.comparison.lateMinutesGapClosed)),
    `${results.filter((r) => !r.comparison.ceilingShortfall).length} / ${results.length}`,
  ]);
  return markdownTable(
    [
      'seed',
      'on time % 1',
      'on time % 2',
      'on time % 3',
      'late min 1',
      'late min 2',
      'late min 3',
      'gap closed, on time',
      'gap closed, late min',
      'ceiling holds',
    ],
    rows,
  );
}

const HELD: readonly HeldBy[] = ['breakdown', 'stall', 'none'];

/** Run 2's late and undelivered stops by cause and by what last held their courier. */
export function missTable(misses: readonly Miss[]): string {
  const rows = MISS_CAUSES.map((cause) => {
    const own = misses.filter((m) => m.cause === cause);
    const warned = own
      .map((m) => m.warningMinutes)
      .filter((w): w is number => w !== null)
      .sort((a, b) => a - b);
    return [
      cause,
      ...HELD.map((h) => cell(own.filter((m) => m.heldBy === h).length)),
      cell(own.length),
      warned.length === 0 ? '—' : cell(percentile(warned, 0.5)),
    ];
  });
  rows.push([
    'all',
    ...HELD.map((h) => cell(misses.filter((m) => m.heldBy === h).length)),
    cell(misses.length),
    '',
  ]);
  return markdownTable(
    [
      'cause',
      'courier broke down',
      'courier stalled',
      'courier not held',
      'stops',
      'median warning min',
    ],
    rows,
  );
}

/** Mean `late_risk` alerts opened per day in run 2, and in run 2a when there is one. */
export function alertVolumeLine(results: readonly SeedResult[]): string {
  const mean = (values: number[]) => values.reduce((s, v) => s + v, 0) / values.length;
  const given = mean(results.map((r) => r.comparison.autoAccepted.dispatch!.lateRiskOpened));
  const defaults = results.flatMap((r) =>
    r.productDefaults ? [r.productDefaults.dispatch!.lateRiskOpened] : [],
  );
  return (
    `late_risk alerts opened per day (mean): ${cell(given, 1)} with the settings given` +
    (defaults.length > 0 ? `, ${cell(mean(defaults), 1)} with the defaults.` : '.')
  );
}

/** The mean share of the gap run 2a (the product's defaults) closes, for comparison. */
export function defaultsGapLine(results: readonly SeedResult[]): string {
  const shares = results.flatMap(({ comparison: c, productDefaults }) => {
    if (!productDefaults) return [];
    const [none, bound] = [c.noIntervention.outcome, c.ceiling.outcome];
    const onTime = gapClosed(
      none.onTimeRate,
      productDefaults.outcome.onTimeRate,
      bound.onTimeRate,
      'higher',
    );
    const late = gapClosed(
      none.lateMinutes,
      productDefaults.outcome.lateMinutes,
      bound.lateMinutes,
      'lower',
    );
    return [{ onTime, late }];
  });
  const mean = (values: (number | null)[]) => {
    const known = values.filter((v): v is number => v !== null);
    return known.length === 0 ? null : known.reduce((s, v) => s + v, 0) / known.length;
  };
  return (
    `Run 2a (product defaults) closes ${percent(mean(shares.map((s) => s.onTime)))} of the ` +
    `on-time gap and ${percent(mean(shares.map((s) => s.late)))} of the late minutes (mean).`
  );
}
