import { DEFAULT_DETECTION_CONFIG, type DetectionConfig } from '../../server/src/detect/config';
import {
  scoreAlerts,
  type AlertScore,
  type ScoringRules,
} from '../../server/src/simulator/world/alert-scoring';
import {
  DEFAULT_TRUTH_RULES,
  type TruthSpell,
} from '../../server/src/simulator/world/ground-truth';
import type {
  WorldIncident,
  WorldIncidentOptions,
} from '../../server/src/simulator/world/incidents';
import {
  runSimulatedDetection,
  type DetectedAlert,
  type SimulatedRun,
} from '../harness/detection-run/simulated-detection-run';

/**
 * `bench:detect --tables accuracy`: the courier detectors (stalled, offline) scored against the
 * ground truth of a simulated day with world incidents, traffic and phone GPS.
 */

export interface AccuracyOptions {
  seed: number;
  couriers: number;
  hours: number;
  tickMs: number;
  /** Epoch ms of the shift start. */
  startMs: number;
  incidents: WorldIncidentOptions;
  /** The detectors' thresholds; the defaults when absent. */
  detection?: DetectionConfig;
}

/** An alert kind scored, with why its unwanted alerts opened and what its missed spells were. */
export interface KindAccuracy {
  kind: 'stalled' | 'offline';
  rules: ScoringRules;
  score: AlertScore;
  /** Unwanted and duplicate alerts by cause. */
  falseCauses: Map<string, number>;
  /** Wanted spells by what caused them, with how many got an alert. */
  byCause: Map<string, { spells: number; alerted: number }>;
}

export interface AccuracyResult {
  options: AccuracyOptions;
  run: SimulatedRun;
  kinds: KindAccuracy[];
  elapsedMs: number;
}

const RULES = DEFAULT_DETECTION_CONFIG.courier;
/** An alert opening up to this long after its spell ended still counts for it. */
export const GRACE_MS = 2 * 60_000;

export function measureDetectionAccuracy(options: AccuracyOptions): AccuracyResult {
  const started = performance.now();
  const run = runSimulatedDetection({
    seed: options.seed,
    couriers: options.couriers,
    startMs: options.startMs,
    durationMs: options.hours * 3_600_000,
    tickMs: options.tickMs,
    incidents: options.incidents,
    phoneGps: true,
    traffic: true,
    truthRules: { ...DEFAULT_TRUTH_RULES, nearStopMeters: RULES.nearStopMeters },
    stopsPerCourier: Math.ceil(options.hours * 20),
    ...(options.detection ? { detection: options.detection } : {}),
  });
  const kinds = (
    [
      ['stalled', 'standstill', RULES.stallMinutes * 60_000],
      ['offline', 'silence', RULES.offlineSeconds * 1000],
    ] as const
  ).map(([kind, spellKind, thresholdMs]): KindAccuracy => {
    const rules = { thresholdMs, graceMs: GRACE_MS };
    const alerts = run.alerts.filter((a) => a.kind === kind);
    const spells = run.truth.filter((s) => s.kind === spellKind);
    const score = scoreAlerts(alerts, spells, rules);
    const falseCauses = new Map<string, number>();
    alerts.forEach((alert, i) => {
      const outcome = score.outcomes[i]!;
      if (outcome === 'matched') return;
      const cause =
        outcome === 'duplicate'
          ? 'duplicate: the same spell alerted again'
          : whyUnwanted(alert, spells, rules);
      falseCauses.set(cause, (falseCauses.get(cause) ?? 0) + 1);
    });
    const missed = new Set(score.missed);
    const byCause = new Map<string, { spells: number; alerted: number }>();
    for (const spell of spells) {
      if (spell.to - spell.from < thresholdMs) continue;
      const cause = spellCause(spell, run.incidents);
      const entry = byCause.get(cause) ?? { spells: 0, alerted: 0 };
      entry.spells++;
      if (!missed.has(spell)) entry.alerted++;
      byCause.set(cause, entry);
    }
    return { kind, rules, score, falseCauses, byCause };
  });
  return { options, run, kinds, elapsedMs: performance.now() - started };
}

/** What was truly going on when an alert nobody wanted opened. */
function whyUnwanted(
  alert: DetectedAlert,
  spells: readonly TruthSpell[],
  rules: ScoringRules,
): string {
  const c = alert.context;
  const short = spells.find(
    (s) =>
      s.courierId === alert.courierId &&
      alert.openedAt >= s.from &&
      alert.openedAt <= s.to + rules.graceMs,
  );
  if (alert.kind === 'offline') {
    return short ? 'silence shorter than the threshold' : 'no silence';
  }
  if (short) {
    return c.active.includes('stop') || c.recent.includes('stop')
      ? 'standstill shorter than the threshold: an unplanned stop'
      : 'standstill shorter than the threshold: traffic, junction waits';
  }
  if (c.active.includes('phone_in_vehicle')) return 'phone left in the parked vehicle';
  if (c.serving) return 'courier serving a stop';
  if (c.metersToNextStop !== null && c.metersToNextStop <= RULES.nearStopMeters) {
    return 'standing near the next stop (within the near-stop distance)';
  }
  if (c.active.includes('crawl')) return 'slow crawl in traffic';
  if (c.recent.includes('offline') || c.active.includes('offline')) {
    return 'fixes arriving late after an offline spell';
  }
  if (c.recent.includes('stop') || c.recent.includes('lunch')) {
    return 'opened after the standstill had ended (over the grace)';
  }
  return c.walking ? 'courier on foot' : 'moving: GPS drift or jumps read as a dwell';
}

/** The world incidents under way during a spell, or what else it was. */
function spellCause(spell: TruthSpell, incidents: readonly WorldIncident[]): string {
  const kinds = new Set(
    incidents
      .filter((i) => i.courierId === spell.courierId && i.from < spell.to && i.to > spell.from)
      .map((i) => i.kind),
  );
  if (spell.kind === 'silence') {
    if (kinds.has('offline')) return 'offline';
    return 'GPS outage';
  }
  for (const kind of ['lunch', 'stop', 'crawl', 'phone_in_vehicle'] as const) {
    if (kinds.has(kind)) return kind === 'stop' ? 'unplanned stop' : kind.replace(/_/g, ' ');
  }
  return 'no incident (traffic)';
}
