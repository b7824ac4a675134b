import { describe, expect, it } from 'vitest';
import { TimeBuckets } from './time-buckets';

describe('TimeBuckets', () => {
  it('numbers hours from local midnight', () => {
    const buckets = new TimeBuckets({ utcOffsetMinutes: 330 }); // UTC+5:30
    expect(buckets.count).toBe(24);
    expect(buckets.bucketOf(Date.UTC(2025, 0, 1, 18, 29))).toBe(23);
    expect(buckets.bucketOf(Date.UTC(2025, 0, 1, 18, 30))).toBe(0);
  });

  it('handles instants before 1970 and wraps neighbours around midnight', () => {
    const buckets = new TimeBuckets({ bucketMinutes: 30 });
    expect(buckets.bucketOf(-60_000)).toBe(47);
    expect(buckets.neighbours(0)).toEqual([47, 1]);
  });

  it('rejects a bucket width that does not divide a day', () => {
    expect(() => new TimeBuckets({ bucketMinutes: 7 })).toThrow(RangeError);
  });
});
