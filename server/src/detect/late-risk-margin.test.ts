import { describe, expect, it } from 'vitest';
import { detectionConfig } from './config';
import { lateRiskDetector, lateRiskWakeAt } from './stop-rules';
import { T0, makeDetectStop } from '../../../test/factories/detect-factories';
import type { DetectStop, Finding } from './types';

const MIN = 60_000;
const COURIER = 7;
const WITH_MARGIN = detectionConfig({ lateRisk: { windowMarginMinutes: 15 } }).lateRisk;
const NO_MARGIN = detectionConfig({ lateRisk: { windowMarginMinutes: 0 } }).lateRisk;
const DEFAULTS = detectionConfig().lateRisk;

describe('late risk with a safety margin on the window end', () => {
  const stop = makeDetectStop({ windowStart: T0, windowEnd: T0 + 120 * MIN });
  /** Predicted `minutes` after the promised window end (negative: before it). */
  const predicted = (
    minutes: number,
    rules = WITH_MARGIN,
    previous: Finding | null = null,
    at: DetectStop = stop,
  ) => lateRiskDetector(at, COURIER, at.windowEnd + minutes * MIN, T0, previous, rules);

  it('is 5 minutes by default, about the learned ETA p90 error 15 minutes ahead', () => {
    expect(DEFAULTS.windowMarginMinutes).toBe(5);
    // Predicted 4 min before the promised end: 1 min past the working end, under the threshold.
    expect(predicted(-4, DEFAULTS)).toBeNull();
    expect(predicted(-2.5, DEFAULTS)).toMatchObject({ severity: 'info' });
  });

  it('can be set to 0: late risk against the promised end', () => {
    expect(predicted(-6, NO_MARGIN)).toBeNull();
    expect(predicted(2.5, NO_MARGIN)).not.toBeNull();
  });

  it('opens for a stop predicted inside the margin, though before the promised end', () => {
    expect(predicted(-6)).toEqual({
      kind: 'late_risk',
      severity: 'info',
      details: {
        courierId: COURIER,
        windowEnd: stop.windowEnd,
        predictedArrival: stop.windowEnd - 6 * MIN,
        minutesLate: -6,
        marginMinutes: 15,
      },
    });
  });

  it('opens only above openAboveMinutes past the working end', () => {
    expect(predicted(-13)).toBeNull();
    expect(predicted(-12.5)).not.toBeNull();
  });

  it('clears once predicted by the working end, not the promised one', () => {
    const open = predicted(-6);
    expect(predicted(-14, WITH_MARGIN, open)).not.toBeNull();
    expect(predicted(-15, WITH_MARGIN, open)).toBeNull();
  });

  it('grades severity by minutes late against the promised end', () => {
    expect(predicted(10)?.severity).toBe('warning');
    expect(predicted(16)?.severity).toBe('critical');
  });

  it('never judges against an end before the window opens', () => {
    const short = makeDetectStop({ windowStart: T0 + 110 * MIN, windowEnd: T0 + 120 * MIN });
    expect(predicted(-9, WITH_MARGIN, null, short)).toBeNull();
    expect(predicted(-7, WITH_MARGIN, null, short)?.details).toMatchObject({
      minutesLate: -7,
      marginMinutes: 10,
    });
  });

  it('wakes when a standing courier would cross the working end', () => {
    const arrival = stop.windowEnd - 20 * MIN;
    // 5 min to the working end, then the 2 min threshold.
    expect(lateRiskWakeAt(stop, arrival, T0, false, WITH_MARGIN)).toBe(T0 + 7 * MIN + 1);
    expect(lateRiskWakeAt(stop, arrival, T0, false, NO_MARGIN)).toBe(T0 + 22 * MIN + 1);
  });
});
