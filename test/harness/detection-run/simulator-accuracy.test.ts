import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_DETECTION_CONFIG } from '../../../server/src/detect/config';
import {
  runSimulatedDetection,
  type DetectedSpell,
  type InjectedIncident,
  type SimulatedRun,
} from './simulated-detection-run';

const TICK_MS = 1000;
const RULES = DEFAULT_DETECTION_CONFIG.courier;
const THRESHOLD_MS = { stalled: RULES.stallMinutes * 60_000, offline: RULES.offlineSeconds * 1000 };
const INCIDENT_KIND = { stalled: 'stall', offline: 'offline' } as const;

interface Confusion {
  kind: 'stalled' | 'offline';
  /** Incidents long enough to be detected (and that the rules cover). */
  positives: number;
  /** Positives detected within threshold + 2 ticks of their start. */
  detectedInTime: number;
  detections: number;
  /** Detections matching no injected incident. */
  falsePositives: number;
  /** Injected incidents left out: too short, or standing within reach of the next stop. */
  tooShort: number;
  nearNextStop: number;
  precision: number;
  recall: number;
}

/**
 * Incidents of one kind per courier, with back-to-back ones (the next starting within two ticks
 * of the end of the last) joined: a courier stalled twice in a row never moved in between.
 */
function joinedIncidents(run: SimulatedRun, kind: InjectedIncident['kind']): InjectedIncident[] {
  const sorted = run.incidents
    .filter((i) => i.kind === kind)
    .sort((a, b) => a.courierId - b.courierId || a.from - b.from);
  const joined: InjectedIncident[] = [];
  for (const incident of sorted) {
    const last = joined[joined.length - 1];
    if (last && last.courierId === incident.courierId && incident.from - last.to <= 2 * TICK_MS) {
      last.to = Math.max(last.to, incident.to);
    } else {
      joined.push({ ...incident });
    }
  }
  return joined;
}

/**
 * Scores detections against injected incidents, each incident absorbing at most one detection
 * of its kind on the same courier. An offline detection matches when it opens while the incident
 * lasts (or within two ticks after). A stall detection matches when the stand-still it reports
 * (its `from`..`to`) overlaps the incident: a walker stopped for 4½ min whose fixes stayed inside
 * the radius for 5 min while slowing down and moving off is stalled by the rule, and the alert
 * is about that incident even though it opens a few seconds after the incident ended.
 */
function score(run: SimulatedRun, kind: 'stalled' | 'offline'): Confusion {
  const threshold = THRESHOLD_MS[kind];
  const slack = 2 * TICK_MS;
  const incidents = joinedIncidents(run, INCIDENT_KIND[kind]);
  const spells = run.spells.filter((s) => s.kind === kind);
  const long = (i: InjectedIncident): boolean => i.to - i.from >= threshold + slack;
  const positives = incidents.filter((i) => long(i) && !i.nearNextStop);
  const claimed = new Set<InjectedIncident>();
  const matches = (s: DetectedSpell, i: InjectedIncident): boolean =>
    s.courierId === i.courierId &&
    (kind === 'stalled'
      ? s.claimedFrom <= i.to && (s.claimedTo ?? Infinity) >= i.from
      : s.openedAt >= i.from && s.openedAt <= i.to + slack);
  let falsePositives = 0;
  for (const spell of spells) {
    const incident = incidents.find((i) => !claimed.has(i) && matches(spell, i));
    if (incident) claimed.add(incident);
    else falsePositives++;
  }
  const detectedInTime = positives.filter((i) =>
    spells.some(
      (s) =>
        s.courierId === i.courierId &&
        s.openedAt >= i.from &&
        s.openedAt <= i.from + threshold + slack,
    ),
  ).length;
  return {
    kind,
    positives: positives.length,
    detectedInTime,
    detections: spells.length,
    falsePositives,
    tooShort: incidents.filter((i) => !long(i)).length,
    nearNextStop: incidents.filter((i) => long(i) && i.nearNextStop).length,
    precision: spells.length === 0 ? 0 : (spells.length - falsePositives) / spells.length,
    recall: positives.length === 0 ? 0 : detectedInTime / positives.length,
  };
}

describe('detection against the simulator', () => {
  let run: SimulatedRun;
  let stalls: Confusion;
  let offline: Confusion;

  beforeAll(() => {
    run = runSimulatedDetection({
      seed: 20250115,
      couriers: 40,
      durationMs: 3 * 3_600_000,
      tickMs: TICK_MS,
      incidentRates: { stall: 1.2, offline: 1, slowdown: 0.6 },
      nearStopMeters: RULES.nearStopMeters,
    });
    stalls = score(run, 'stalled');
    offline = score(run, 'offline');
    console.log(
      'detection vs injected incidents (40 couriers, 3 h, 1 s ticks)\n' +
        JSON.stringify(
          { stalls, offline, maxCouriersEvaluated: run.maxCouriersEvaluated },
          null,
          2,
        ),
    );
  }, 120_000);

  it('keeps every courier in work, so every injected incident is covered by the rules', () => {
    expect(run.couriersWithoutWork).toBe(0);
  });

  it('injects dozens of long enough stalls and offline spells', () => {
    expect(stalls.positives).toBeGreaterThanOrEqual(30);
    expect(offline.positives).toBeGreaterThanOrEqual(30);
  });

  it('detects stalls with precision and recall of at least 95%, each within 5 min + 2 ticks', () => {
    expect(stalls.precision).toBeGreaterThanOrEqual(0.95);
    expect(stalls.recall).toBeGreaterThanOrEqual(0.95);
  });

  it('detects offline spells with precision and recall of at least 95%, each within 120 s + 2 ticks', () => {
    expect(offline.precision).toBeGreaterThanOrEqual(0.95);
    expect(offline.recall).toBeGreaterThanOrEqual(0.95);
  });
});
