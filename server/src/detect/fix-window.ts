import type { MotionFix } from './types';

/** Numbers stored per fix: t, lat, lng, accuracy (NaN when unknown). */
const STRIDE = 4;

/**
 * The most recent fixes of one courier sorted by device time, in one typed array (about
 * 32 bytes a fix, no object per fix kept alive). Bounded: the caller evicts the oldest.
 */
export class FixWindow {
  private readonly data: Float64Array;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!(capacity >= 1)) throw new RangeError('FixWindow needs a capacity of at least 1');
    this.data = new Float64Array(capacity * STRIDE);
  }

  get size(): number {
    return this.count;
  }

  get full(): boolean {
    return this.count === this.capacity;
  }

  /** Device time of the oldest fix held; Infinity when empty. */
  get oldestT(): number {
    return this.count > 0 ? this.data[0]! : Infinity;
  }

  /** Device time of the newest fix held; -Infinity when empty. */
  get newestT(): number {
    return this.count > 0 ? this.data[(this.count - 1) * STRIDE]! : -Infinity;
  }

  /** Whether a fix with exactly this device time is held (a duplicate). */
  has(t: number): boolean {
    const i = this.lowerBound(t);
    return i < this.count && this.data[i * STRIDE] === t;
  }

  /** Inserts in time order (the caller makes room first); returns true when it went last. */
  insert(fix: MotionFix): boolean {
    if (this.full) throw new RangeError('FixWindow is full: evict the oldest fix first');
    const i = fix.t > this.newestT ? this.count : this.lowerBound(fix.t);
    const at = i * STRIDE;
    if (i < this.count) this.data.copyWithin(at + STRIDE, at, this.count * STRIDE);
    this.data[at] = fix.t;
    this.data[at + 1] = fix.lat;
    this.data[at + 2] = fix.lng;
    this.data[at + 3] = fix.accuracyMeters ?? NaN;
    this.count++;
    return i === this.count - 1;
  }

  /** Removes and returns the oldest fix. */
  evictOldest(): MotionFix {
    if (this.count === 0) throw new RangeError('FixWindow is empty');
    const fix = this.at(0);
    this.data.copyWithin(0, STRIDE, this.count * STRIDE);
    this.count--;
    return fix;
  }

  /** The i-th oldest fix. */
  at(i: number): MotionFix {
    const at = i * STRIDE;
    const accuracy = this.data[at + 3]!;
    return {
      t: this.data[at]!,
      lat: this.data[at + 1]!,
      lng: this.data[at + 2]!,
      accuracyMeters: Number.isNaN(accuracy) ? null : accuracy,
    };
  }

  /** Index of the first fix with time ≥ t. */
  private lowerBound(t: number): number {
    let lo = 0;
    let hi = this.count;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.data[mid * STRIDE]! < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
