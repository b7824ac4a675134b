import type { AlertSeverity } from '@dispatch/shared';
import type { DetectionConfig, LateRiskRules, SeverityBands } from './config';
import { earlierFuture } from './deadlines';
import type { DetectStop, Finding } from './types';

const MINUTE_MS = 60_000;

type FindingOf<K extends Finding['kind']> = Extract<Finding, { kind: K }>;

/** Late: the stop is still open and the window has ended. */
export function lateDetector(
  stop: DetectStop,
  courierId: number,
  now: number,
): FindingOf<'late'> | null {
  if (now <= stop.windowEnd) return null;
  return { kind: 'late', severity: 'warning', details: { courierId, windowEnd: stop.windowEnd } };
}

/** SLA breach: open and later than the window end by more than its tier's grace. */
export function slaBreachDetector(
  stop: DetectStop,
  courierId: number,
  now: number,
  config: DetectionConfig,
): FindingOf<'sla_breach'> | null {
  const graceMinutes = config.slaGraceMinutes[stop.slaTier];
  if (now <= stop.windowEnd + graceMinutes * MINUTE_MS) return null;
  return {
    kind: 'sla_breach',
    severity: 'critical',
    details: { courierId, slaTier: stop.slaTier, windowEnd: stop.windowEnd, graceMinutes },
  };
}

/** How long a courier may stay `arrived` at a stop: multiplier × service time + extra minutes. */
export function stuckLimitMs(stop: DetectStop, config: DetectionConfig): number {
  const { serviceMultiplier, extraMinutes } = config.stuckAtStop;
  return serviceMultiplier * stop.serviceSeconds * 1000 + extraMinutes * MINUTE_MS;
}

/** Stuck at stop: `arrived` for longer than its limit (server time). */
export function stuckAtStopDetector(
  stop: DetectStop,
  courierId: number,
  now: number,
  config: DetectionConfig,
): FindingOf<'stuck_at_stop'> | null {
  if (stop.status !== 'arrived' || stop.arrivedAt === null) return null;
  const limitMs = stuckLimitMs(stop, config);
  if (now - stop.arrivedAt <= limitMs) return null;
  return {
    kind: 'stuck_at_stop',
    severity: 'warning',
    details: { courierId, arrivedAt: stop.arrivedAt, limitMinutes: limitMs / MINUTE_MS },
  };
}

/**
 * Severity for a value in minutes: above `criticalAboveMinutes` critical, above
 * `warningAboveMinutes` warning, else info. A severity drops only once the value is the
 * hysteresis below its band, so a value wobbling on a band edge does not flip it.
 */
export function bandSeverity(
  minutes: number,
  bands: SeverityBands,
  previous: AlertSeverity | null,
): AlertSeverity {
  const h = bands.hysteresisMinutes;
  const was = previous === 'critical' ? 2 : previous === 'warning' ? 1 : 0;
  if (
    minutes > bands.criticalAboveMinutes ||
    (was >= 2 && minutes > bands.criticalAboveMinutes - h)
  ) {
    return 'critical';
  }
  if (
    minutes > bands.warningAboveMinutes ||
    (was >= 1 && minutes > bands.warningAboveMinutes - h)
  ) {
    return 'warning';
  }
  return 'info';
}

/**
 * The window end late risk is judged against: the promised end less the rules' safety margin,
 * never before the window opens (a stop without a known start is not clamped).
 */
export function workingWindowEnd(stop: DetectStop, rules: LateRiskRules): number {
  const end = stop.windowEnd - rules.windowMarginMinutes * MINUTE_MS;
  return stop.windowStart === undefined ? end : Math.max(stop.windowStart, end);
}

/**
 * Late risk from a predicted arrival: opens when predicted later than the working window end
 * (promised end less the margin) by more than `openAboveMinutes`, and once open clears only
 * when predicted within `clearAtOrBelowMinutes` of it. Not for stops already late (that is
 * `late`) or being served (the courier is there). The details speak of the promised window:
 * its end, and minutes late against it (negative inside the margin); severity likewise, so a
 * stop only inside its margin is `info`. `previous` is the finding currently open, if any; it is
 * kept as is while there is no prediction (NaN).
 */
export function lateRiskDetector(
  stop: DetectStop,
  courierId: number,
  predictedArrival: number,
  now: number,
  previous: Finding | null,
  rules: LateRiskRules,
): FindingOf<'late_risk'> | null {
  if (now > stop.windowEnd || stop.status === 'arrived') return null;
  // No prediction, as before the courier's first fix after a restart: a risk already open stays
  // as it was (the phone has not said it is gone), and none opens.
  if (!Number.isFinite(predictedArrival)) return previous?.kind === 'late_risk' ? previous : null;
  const workingEnd = workingWindowEnd(stop, rules);
  const threshold = previous ? rules.clearAtOrBelowMinutes : rules.openAboveMinutes;
  if ((predictedArrival - workingEnd) / MINUTE_MS <= threshold) return null;
  const minutesLate = (predictedArrival - stop.windowEnd) / MINUTE_MS;
  return {
    kind: 'late_risk',
    severity: bandSeverity(minutesLate, rules.bands, previous?.severity ?? null),
    details: {
      courierId,
      windowEnd: stop.windowEnd,
      predictedArrival: Math.round(predictedArrival / MINUTE_MS) * MINUTE_MS,
      minutesLate: Math.ceil(minutesLate),
      marginMinutes: (stop.windowEnd - workingEnd) / MINUTE_MS,
    },
  };
}

/**
 * The server time at which a stop not yet at risk would cross the opening threshold against
 * its working window end if its courier stood still (every minute waited is a minute later);
 * Infinity when already open.
 */
export function lateRiskWakeAt(
  stop: DetectStop,
  predictedArrival: number,
  predictedAt: number,
  open: boolean,
  rules: LateRiskRules,
): number {
  if (open || stop.status === 'arrived' || !Number.isFinite(predictedArrival)) return Infinity;
  const workingEnd = workingWindowEnd(stop, rules);
  return predictedAt + workingEnd + rules.openAboveMinutes * MINUTE_MS - predictedArrival + 1;
}

/**
 * The next server time after `now` at which this stop's time-driven rules (late, breach, stuck)
 * can change; Infinity when none will.
 */
export function nextStopDeadline(stop: DetectStop, now: number, config: DetectionConfig): number {
  const graceMs = config.slaGraceMinutes[stop.slaTier] * MINUTE_MS;
  let next = earlierFuture(Infinity, stop.windowEnd + 1, now);
  next = earlierFuture(next, stop.windowEnd + graceMs + 1, now);
  if (stop.status === 'arrived' && stop.arrivedAt !== null) {
    next = earlierFuture(next, stop.arrivedAt + stuckLimitMs(stop, config) + 1, now);
  }
  return next;
}
