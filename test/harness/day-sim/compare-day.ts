import type { DetectionConfig } from '../../../server/src/detect/config';
import { AutoDispatcher, type AutoDispatchStats } from './auto-dispatcher';
import { ceilingShortfall } from './ceiling-check';
import { planCeiling, worldKnowledge } from './day-ceiling';
import type { DispatchLog } from './dispatch-log';
import type { DispatchPolicy } from './dispatch-policy';
import { dayOutcome, type DayOutcome } from './day-outcome';
import { planDay, type DayPlan } from './day-plan';
import { simulateDay, type DayRun } from './day-simulation';
import type { DayScenario } from './scenario';

/** One way of running the day and how it went. */
export interface DayRunResult {
  plan: DayPlan;
  run: DayRun;
  outcome: DayOutcome;
  /** The auto-dispatching hub's doings; absent when nobody intervened. */
  dispatch?: AutoDispatchStats;
  /** Per stop, what the alerts asked and the hub decided; absent when nobody intervened. */
  log?: DispatchLog;
}

/** The three runs of one day and how much of the gap the suggestions close. */
export interface DayComparison {
  noIntervention: DayRunResult;
  autoAccepted: DayRunResult;
  ceiling: DayRunResult;
  /** (r2 − r1) ÷ (r3 − r1) on on-time rates; null when the ceiling is no better than doing nothing. */
  onTimeGapClosed: number | null;
  /** The same share on minutes of lateness. */
  lateMinutesGapClosed: number | null;
  /** Why the ceiling is below the suggestions run, or null when it holds. */
  ceilingShortfall: string | null;
}

/** Every stop of the day is due: the windows all close within the shift. */
function outcomeOf(scenario: DayScenario, run: DayRun): DayOutcome {
  return dayOutcome(run.stops, { dueByMs: scenario.shiftEndMs, endMs: run.endMs });
}

/** The morning plan driven through the disruptions as it is. */
export function runNoIntervention(scenario: DayScenario, morning: DayPlan): DayRunResult {
  const run = simulateDay(scenario, morning.routes);
  return { plan: morning, run, outcome: outcomeOf(scenario, run) };
}

/**
 * The morning plan, with the hub applying the suggestions its alerts bring as they come, under
 * the server's `detection` settings (the product's defaults when absent).
 */
export function runAutoAccepted(
  scenario: DayScenario,
  morning: DayPlan,
  policy?: DispatchPolicy,
  detection?: DetectionConfig,
): DayRunResult {
  const dispatcher = new AutoDispatcher(scenario, policy, detection);
  const run = simulateDay(scenario, morning.routes, dispatcher);
  return {
    plan: morning,
    run,
    outcome: outcomeOf(scenario, run),
    dispatch: dispatcher.stats,
    log: dispatcher.log,
  };
}

/** The ceiling's routes (planned knowing the whole day) driven through the same day. */
export function runCeiling(scenario: DayScenario, ceiling: DayPlan): DayRunResult {
  const run = simulateDay(scenario, ceiling.routes);
  return { plan: ceiling, run, outcome: outcomeOf(scenario, run) };
}

/**
 * How far `achieved` went from `worst` towards `best` (1 = all the way); null when `best` is
 * not better than `worst` in the direction given.
 */
export function gapClosed(
  worst: number,
  achieved: number,
  best: number,
  better: 'higher' | 'lower',
): number | null {
  const gap = better === 'higher' ? best - worst : worst - best;
  if (!(gap > 0)) return null;
  return (better === 'higher' ? achieved - worst : worst - achieved) / gap;
}

/** The three runs' outcomes compared, and the ceiling checked against the suggestions run. */
export function compareOutcomes(
  seed: number,
  noIntervention: DayRunResult,
  autoAccepted: DayRunResult,
  ceiling: DayRunResult,
): DayComparison {
  const [none, auto, bound] = [noIntervention, autoAccepted, ceiling].map((r) => r.outcome);
  return {
    noIntervention,
    autoAccepted,
    ceiling,
    onTimeGapClosed: gapClosed(none!.onTimeRate, auto!.onTimeRate, bound!.onTimeRate, 'higher'),
    lateMinutesGapClosed: gapClosed(
      none!.lateMinutes,
      auto!.lateMinutes,
      bound!.lateMinutes,
      'lower',
    ),
    ceilingShortfall: ceilingShortfall(seed, bound!, auto!),
  };
}

/**
 * All three runs of a scenario: the morning plan without and with suggestions (applied under
 * `policy`, with the server's `detection` settings), and the ceiling.
 */
export function compareDay(
  scenario: DayScenario,
  policy?: DispatchPolicy,
  detection?: DetectionConfig,
): DayComparison {
  const morning = planDay(scenario);
  return compareOutcomes(
    scenario.options.seed,
    runNoIntervention(scenario, morning),
    runAutoAccepted(scenario, morning, policy, detection),
    runCeiling(scenario, planCeiling(scenario, worldKnowledge(scenario))),
  );
}
