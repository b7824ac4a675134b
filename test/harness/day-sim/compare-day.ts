import { AutoDispatcher, type AutoDispatchStats } from './auto-dispatcher';
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
}

/** The three runs of one day and how much of the gap the suggestions close. */
export interface DayComparison {
  noIntervention: DayRunResult;
  autoAccepted: DayRunResult;
  replanned: DayRunResult;
  /** (r2 − r1) ÷ (r3 − r1) on on-time rates; null when the re-plan is no better than doing nothing. */
  onTimeGapClosed: number | null;
  /** The same share on minutes of lateness. */
  lateMinutesGapClosed: number | null;
}

/** The morning plan driven through the disruptions as it is. */
export function runNoIntervention(scenario: DayScenario, morning: DayPlan): DayRunResult {
  const run = simulateDay(scenario, morning.routes);
  return { plan: morning, run, outcome: dayOutcome(run.stops) };
}

/** The morning plan, with the hub applying the suggestions its alerts bring as they come. */
export function runAutoAccepted(scenario: DayScenario, morning: DayPlan): DayRunResult {
  const dispatcher = new AutoDispatcher(scenario);
  const run = simulateDay(scenario, morning.routes, dispatcher);
  return { plan: morning, run, outcome: dayOutcome(run.stops), dispatch: dispatcher.stats };
}

/** Routes planned knowing every disruption in advance, driven through them. */
export function runReplanned(scenario: DayScenario, informed: DayPlan): DayRunResult {
  const run = simulateDay(scenario, informed.routes);
  return { plan: informed, run, outcome: dayOutcome(run.stops) };
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

/** The three runs' outcomes compared. */
export function compareOutcomes(
  noIntervention: DayRunResult,
  autoAccepted: DayRunResult,
  replanned: DayRunResult,
): DayComparison {
  const [none, auto, bound] = [noIntervention, autoAccepted, replanned].map((r) => r.outcome);
  return {
    noIntervention,
    autoAccepted,
    replanned,
    onTimeGapClosed: gapClosed(none!.onTimeRate, auto!.onTimeRate, bound!.onTimeRate, 'higher'),
    lateMinutesGapClosed: gapClosed(
      none!.lateMinutes,
      auto!.lateMinutes,
      bound!.lateMinutes,
      'lower',
    ),
  };
}

/** All three runs of a scenario: the morning plan without and with suggestions, and the re-plan. */
export function compareDay(scenario: DayScenario): DayComparison {
  const morning = planDay(scenario, 'nominal');
  return compareOutcomes(
    runNoIntervention(scenario, morning),
    runAutoAccepted(scenario, morning),
    runReplanned(scenario, planDay(scenario, 'informed')),
  );
}
