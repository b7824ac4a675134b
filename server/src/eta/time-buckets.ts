const DAY_MINUTES = 24 * 60;
const MINUTE_MS = 60_000;

export interface TimeBucketOptions {
  /** Offset of the hub's local time from UTC (e.g. -240 for UTC-4); default 0. */
  utcOffsetMinutes?: number;
  /** Width of a bucket; must divide a day (default 60: one bucket per hour). */
  bucketMinutes?: number;
}

/** Splits the local day into equal buckets, so speeds learned at 08:10 inform 08:50 and not 14:00. */
export class TimeBuckets {
  readonly utcOffsetMinutes: number;
  readonly bucketMinutes: number;
  /** Buckets per day, numbered `0..count-1` from local midnight. */
  readonly count: number;

  constructor({ utcOffsetMinutes = 0, bucketMinutes = 60 }: TimeBucketOptions = {}) {
    if (!Number.isInteger(bucketMinutes) || bucketMinutes <= 0 || DAY_MINUTES % bucketMinutes) {
      throw new RangeError('bucketMinutes must be a whole number of minutes that divides a day');
    }
    if (!Number.isFinite(utcOffsetMinutes) || Math.abs(utcOffsetMinutes) > 14 * 60) {
      throw new RangeError('utcOffsetMinutes must be within ±14 hours');
    }
    this.utcOffsetMinutes = utcOffsetMinutes;
    this.bucketMinutes = bucketMinutes;
    this.count = DAY_MINUTES / bucketMinutes;
  }

  /** The bucket of an instant (epoch ms) in local time. */
  bucketOf(epochMs: number): number {
    const localMinutes = Math.floor(epochMs / MINUTE_MS) + this.utcOffsetMinutes;
    const minuteOfDay = ((localMinutes % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
    return Math.floor(minuteOfDay / this.bucketMinutes);
  }

  /** The buckets just before and after, wrapping around midnight. */
  neighbours(bucket: number): [before: number, after: number] {
    return [(bucket + this.count - 1) % this.count, (bucket + 1) % this.count];
  }
}
