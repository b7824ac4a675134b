import { describe, expect, it } from 'vitest';
import { summariseErrors } from './error-summary';

describe('summariseErrors', () => {
  it('gives mean absolute error, median, p90 and bias of signed errors', () => {
    const summary = summariseErrors([-30, 10, 20, 40, -60, 0, 10, 90, -20, 50]);
    expect(summary.count).toBe(10);
    expect(summary.maeSeconds).toBe(33);
    expect(summary.medianAbsSeconds).toBe(25);
    expect(summary.p90AbsSeconds).toBeCloseTo(63, 9);
    expect(summary.biasSeconds).toBe(11);
  });

  it('answers NaN for no errors rather than a misleading zero', () => {
    expect(summariseErrors([]).maeSeconds).toBeNaN();
  });
});
