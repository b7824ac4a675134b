/** How far one provider's predictions were from what happened. */
export interface ErrorSummary {
  count: number;
  /** Mean absolute error, seconds. */
  maeSeconds: number;
  medianAbsSeconds: number;
  p90AbsSeconds: number;
  /** Mean of predicted − actual: positive when predictions are too late (pessimistic). */
  biasSeconds: number;
}

/** Summarises signed errors (predicted − actual, seconds); all NaN when there are none. */
export function summariseErrors(signedSeconds: readonly number[]): ErrorSummary {
  const count = signedSeconds.length;
  if (count === 0) {
    return { count, maeSeconds: NaN, medianAbsSeconds: NaN, p90AbsSeconds: NaN, biasSeconds: NaN };
  }
  const abs = signedSeconds.map(Math.abs).sort((a, b) => a - b);
  return {
    count,
    maeSeconds: mean(abs),
    medianAbsSeconds: quantile(abs, 0.5),
    p90AbsSeconds: quantile(abs, 0.9),
    biasSeconds: mean(signedSeconds),
  };
}

function mean(values: readonly number[]): number {
  return values.reduce((sum, v) => sum + v, 0) / values.length;
}

/** Linear interpolation between the closest ranks of sorted values. */
function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo);
}
