import type { CourierRules, DetectionConfig } from './config';
import { conditionKey } from './conditions';
import { offlineDetector, offlineWakeAt, stallDetector } from './courier-rules';
import type { MotionState } from './motion';
import {
  lateDetector,
  lateRiskDetector,
  lateRiskWakeAt,
  nextStopDeadline,
  slaBreachDetector,
  stuckAtStopDetector,
} from './stop-rules';
import type { ShiftWindow } from '../fleet/shift-window';
import type { DetectStop, Finding, SignalSubject, StalledDetails } from './types';

/** Everything the rules read about one courier at one moment. */
export interface CourierSnapshot {
  id: number;
  rules: CourierRules;
  shift: ShiftWindow | null;
  motion: MotionState;
  /** Open stops in route order. */
  stops: readonly DetectStop[];
  stallClockFromT: number | null;
  lastReceivedAt: number | null;
  /** When the engine began watching; null means now. */
  watchedSince: number | null;
  /** Predicted arrival per stop (same order), and the server time they were predicted at. */
  arrivals: readonly number[] | null;
  arrivalsAt: number;
}

/** A condition that holds now. */
export interface Judged {
  key: string;
  finding: Finding;
  subject: SignalSubject;
}

export interface CourierVerdict {
  holding: Judged[];
  /** Next server time a verdict may change with no new input; Infinity when none. */
  wakeAt: number;
}

/**
 * The courier rules (stalled, offline): they change with fixes, pings and the clock. `openStall`
 * is the stall alerted for this courier, which goes on while the courier has not left it.
 */
export function judgeCourierRules(
  c: CourierSnapshot,
  now: number,
  openStall: StalledDetails | null = null,
): CourierVerdict {
  const holding: Judged[] = [];
  const stall = stallDetector(c.motion, c, c.rules, openStall);
  const presence = {
    shift: c.shift,
    openStopCount: c.stops.length,
    lastReceivedAt: c.lastReceivedAt,
    watchedSince: c.watchedSince ?? now,
    lastFixT: c.motion.latestFix?.t ?? null,
  };
  const offline = offlineDetector(presence, now, c.rules);
  if (stall || offline) {
    const courier: SignalSubject = { courierId: c.id };
    hold(holding, stall, courier);
    hold(holding, offline, courier);
  }
  return { holding, wakeAt: offlineWakeAt(presence, now, c.rules) };
}

/**
 * The stop rules (late, sla_breach, stuck_at_stop, late_risk) for every open stop: they change
 * only with the route, the predicted arrivals, and deadlines passing. `openLateRisk` gives the
 * late-risk finding open for a stop, for that rule's hysteresis.
 */
export function judgeStops(
  c: CourierSnapshot,
  now: number,
  config: DetectionConfig,
  openLateRisk: (stopId: number) => Finding | null,
): CourierVerdict {
  const holding: Judged[] = [];
  let wakeAt = Infinity;
  for (let i = 0; i < c.stops.length; i++) {
    const stop = c.stops[i]!;
    const late = lateDetector(stop, c.id, now);
    const breach = slaBreachDetector(stop, c.id, now, config);
    const stuck = stuckAtStopDetector(stop, c.id, now, config);
    const predicted = late ? undefined : c.arrivals?.[i];
    let risk: Finding | null = null;
    if (predicted !== undefined) {
      risk = lateRiskDetector(stop, c.id, predicted, now, openLateRisk(stop.id), config.lateRisk);
      const crossing = lateRiskWakeAt(
        stop,
        predicted,
        c.arrivalsAt,
        risk !== null,
        config.lateRisk,
      );
      // A crossing already past (predictions a little old) asks for a fresh look next tick.
      if (crossing < Infinity) wakeAt = Math.min(wakeAt, Math.max(crossing, now + 1));
    }
    wakeAt = Math.min(wakeAt, nextStopDeadline(stop, now, config));
    // Most stops hold nothing: their subject is only built when something holds.
    if (late || breach || stuck || risk) {
      const subject: SignalSubject = { stopId: stop.id };
      hold(holding, late, subject);
      hold(holding, breach, subject);
      hold(holding, stuck, subject);
      hold(holding, risk, subject);
    }
  }
  return { holding, wakeAt };
}

function hold(holding: Judged[], finding: Finding | null, subject: SignalSubject): void {
  if (finding) holding.push({ key: conditionKey(finding.kind, subject), finding, subject });
}
