import {
  compareOutcomes,
  runAutoAccepted,
  runCeiling,
  runNoIntervention,
  type DayComparison,
  type DayRunResult,
} from '../harness/day-sim/compare-day';
import { detectionConfig, type DetectionConfig } from '../../server/src/detect/config';
import { DEFAULT_POLICY } from '../harness/day-sim/dispatch-policy';
import { planCeiling, worldKnowledge } from '../harness/day-sim/day-ceiling';
import { classifyMisses, type Miss } from '../harness/day-sim/day-misses';
import { planDay } from '../harness/day-sim/day-plan';
import type { DayOptions } from '../harness/day-sim/options';
import { buildScenario, type DayScenario } from '../harness/day-sim/scenario';

/** Wall-clock seconds of each step of one seed's day. */
export interface SeedTimings {
  scenario: number;
  morningPlan: number;
  ceilingPlan: number;
  noIntervention: number;
  autoAccepted: number;
  productDefaults: number;
  ceiling: number;
}

/** One seed's day run three ways, with the suggestions run's misses. */
export interface SeedResult {
  scenario: DayScenario;
  comparison: DayComparison;
  /** The suggestions run under the product's default settings, when asked for beside the hub's. */
  productDefaults: DayRunResult | null;
  misses: Miss[];
  /** The same for the run under the product's defaults, when there is one. */
  defaultMisses: Miss[];
  seconds: SeedTimings;
}

/** Runs `work`, returning its result and the wall-clock seconds it took. */
function timed<T>(work: () => T): [T, number] {
  const began = performance.now();
  const result = work();
  return [result, (performance.now() - began) / 1000];
}

/**
 * The day of `options.seed`: scenario, both plans, the three runs (suggestions applied by the
 * product's auto-dispatch policy under the server's `detection` settings), and why run 2 missed
 * what it missed; with `withDefaults`, run 2 again under the default settings.
 */
export function runSeed(
  options: DayOptions,
  detection: DetectionConfig,
  withDefaults: boolean,
): SeedResult {
  const [scenario, scenarioSeconds] = timed(() => buildScenario(options));
  const [morning, morningSeconds] = timed(() => planDay(scenario));
  const [ceilingPlan, ceilingPlanSeconds] = timed(() =>
    planCeiling(scenario, worldKnowledge(scenario)),
  );
  const [none, noneSeconds] = timed(() => runNoIntervention(scenario, morning));
  const [auto, autoSeconds] = timed(() =>
    runAutoAccepted(scenario, morning, DEFAULT_POLICY, detection),
  );
  const [productDefaults, defaultsSeconds] = withDefaults
    ? timed(() => runAutoAccepted(scenario, morning, DEFAULT_POLICY, detectionConfig()))
    : [null, 0];
  const [ceiling, ceilingSeconds] = timed(() => runCeiling(scenario, ceilingPlan));
  const comparison = compareOutcomes(options.seed, none, auto, ceiling);
  const missesOf = (result: DayRunResult) =>
    classifyMisses(result.run.stops, result.log!, scenario.holds, {
      dueByMs: scenario.shiftEndMs,
      endMs: result.run.endMs,
    });
  const misses = missesOf(auto);
  const defaultMisses = productDefaults ? missesOf(productDefaults) : [];
  return {
    scenario,
    comparison,
    productDefaults,
    misses,
    defaultMisses,
    seconds: {
      scenario: scenarioSeconds,
      morningPlan: morningSeconds,
      ceilingPlan: ceilingPlanSeconds,
      noIntervention: noneSeconds,
      autoAccepted: autoSeconds,
      productDefaults: defaultsSeconds,
      ceiling: ceilingSeconds,
    },
  };
}
