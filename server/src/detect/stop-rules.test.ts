import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECTION_CONFIG, detectionConfig } from './config';
import {
  bandSeverity,
  lateDetector,
  lateRiskDetector,
  nextStopDeadline,
  slaBreachDetector,
  stuckAtStopDetector,
} from './stop-rules';
import { T0, makeDetectStop } from '../../../test/factories/detect-factories';
import type { Finding } from './types';

const CONFIG = DEFAULT_DETECTION_CONFIG;
const MIN = 60_000;
const COURIER = 7;

describe('lateDetector', () => {
  const stop = makeDetectStop({ windowEnd: T0 });

  it('finds an open stop late once its window has ended', () => {
    expect(lateDetector(stop, COURIER, T0 + 1)).toEqual({
      kind: 'late',
      severity: 'warning',
      details: { courierId: COURIER, windowEnd: T0 },
    });
  });

  it('does not find a stop late at its window end', () => {
    expect(lateDetector(stop, COURIER, T0)).toBeNull();
  });
});

describe('stuckAtStopDetector', () => {
  // 3 × 120 s + 5 min = 11 min
  const stop = makeDetectStop({ status: 'arrived', arrivedAt: T0, serviceSeconds: 120 });

  it('finds a courier stuck after 3 × service time + 5 min at the stop', () => {
    expect(stuckAtStopDetector(stop, COURIER, T0 + 11 * MIN + 1, CONFIG)).toEqual({
      kind: 'stuck_at_stop',
      severity: 'warning',
      details: { courierId: COURIER, arrivedAt: T0, limitMinutes: 11 },
    });
  });

  it('does not find a courier stuck at the limit', () => {
    expect(stuckAtStopDetector(stop, COURIER, T0 + 11 * MIN, CONFIG)).toBeNull();
  });

  it('does not find a stop it has not arrived at stuck', () => {
    const assigned = { ...stop, status: 'assigned' as const };
    expect(stuckAtStopDetector(assigned, COURIER, T0 + 60 * MIN, CONFIG)).toBeNull();
  });
});

describe('slaBreachDetector', () => {
  const breach = (slaTier: 'express' | 'same_day' | 'next_day', minutesLate: number) =>
    slaBreachDetector(
      makeDetectStop({ slaTier, windowEnd: T0 }),
      COURIER,
      T0 + minutesLate * MIN,
      CONFIG,
    );

  it('breaches express as soon as it is late at all', () => {
    expect(breach('express', 0)).toBeNull();
    expect(breach('express', 0.01)).toMatchObject({ kind: 'sla_breach', severity: 'critical' });
  });

  it('breaches same_day only when more than 30 min late', () => {
    expect(breach('same_day', 30)).toBeNull();
    expect(breach('same_day', 31)?.details).toMatchObject({
      slaTier: 'same_day',
      graceMinutes: 30,
    });
  });

  it('breaches next_day only when more than 120 min late', () => {
    expect(breach('next_day', 120)).toBeNull();
    expect(breach('next_day', 121)).not.toBeNull();
  });

  it('takes its grace per tier from the configuration', () => {
    const config = detectionConfig({ slaGraceMinutes: { same_day: 10 } });
    const stop = makeDetectStop({ slaTier: 'same_day', windowEnd: T0 });
    expect(slaBreachDetector(stop, COURIER, T0 + 11 * MIN, config)).not.toBeNull();
  });
});

describe('nextStopDeadline', () => {
  it('wakes just after the window end, then after the SLA grace', () => {
    const stop = makeDetectStop({ slaTier: 'same_day', windowEnd: T0 });
    expect(nextStopDeadline(stop, T0 - MIN, CONFIG)).toBe(T0 + 1);
    expect(nextStopDeadline(stop, T0 + 1, CONFIG)).toBe(T0 + 30 * MIN + 1);
  });
});

describe('lateRiskDetector', () => {
  // Against the promised end: the safety margin has its own tests (late-risk-margin.test.ts).
  const rules = detectionConfig({ lateRisk: { windowMarginMinutes: 0 } }).lateRisk;
  const stop = makeDetectStop({ windowEnd: T0 + 60 * MIN });
  const predictedLate = (minutes: number, previous: Finding | null = null) =>
    lateRiskDetector(stop, COURIER, stop.windowEnd + minutes * MIN, T0, previous, rules);

  it('opens when predicted more than 2 min late', () => {
    expect(predictedLate(2)).toBeNull();
    expect(predictedLate(2.5)).toMatchObject({
      kind: 'late_risk',
      severity: 'info',
      details: { courierId: COURIER, windowEnd: stop.windowEnd, minutesLate: 3 },
    });
  });

  it('once open, stays open until predicted on time', () => {
    const open = predictedLate(3);
    expect(predictedLate(1, open)).not.toBeNull();
    expect(predictedLate(0, open)).toBeNull();
  });

  it('grades severity: up to 5 min info, up to 15 min warning, beyond critical', () => {
    expect(predictedLate(4)?.severity).toBe('info');
    expect(predictedLate(10)?.severity).toBe('warning');
    expect(predictedLate(16)?.severity).toBe('critical');
  });

  it('keeps an open risk as it was while there is no prediction, and opens none', () => {
    const open = predictedLate(10);
    const blind = (previous: Finding | null) =>
      lateRiskDetector(stop, COURIER, Number.NaN, T0, previous, rules);
    expect(blind(open)).toEqual(open);
    expect(blind(null)).toBeNull();
  });

  it('is not raised for a stop already late', () => {
    const late = makeDetectStop({ windowEnd: T0 - MIN });
    expect(lateRiskDetector(late, COURIER, T0 + 30 * MIN, T0, null, rules)).toBeNull();
  });

  it('is not raised for a stop being served', () => {
    const arrived = { ...stop, status: 'arrived' as const, arrivedAt: T0 };
    expect(
      lateRiskDetector(arrived, COURIER, stop.windowEnd + 30 * MIN, T0, null, rules),
    ).toBeNull();
  });
});

describe('bandSeverity', () => {
  const bands = CONFIG.lateRisk.bands;

  it('does not flip back and forth for a value wobbling on a band edge', () => {
    let severity = bandSeverity(5.5, bands, null);
    const seen = [severity];
    for (const minutes of [4.8, 5.3, 4.6, 5.1, 4.9]) {
      severity = bandSeverity(minutes, bands, severity);
      seen.push(severity);
    }
    expect(new Set(seen)).toEqual(new Set(['warning']));
  });

  it('drops a band once the value is clearly below it', () => {
    expect(bandSeverity(3.9, bands, 'warning')).toBe('info');
  });
});
