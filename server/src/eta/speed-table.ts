import { LruMap } from '../lib/lru-map';

/** The bucket number under which a cell's all-day value is kept. */
export const ALL_DAY = -1;

/** What has been learned about one cell in one time bucket (or all day). */
export interface CellSpeedStats {
  cell: string;
  /** A time bucket, or `ALL_DAY`. */
  bucket: number;
  /** Moving average of time taken relative to the vehicle prior (2 = twice as slow). */
  paceRatio: number;
  /** Segments observed. */
  samples: number;
  /** Device time of the last segment observed, epoch ms. */
  updatedAt: number;
}

/**
 * Exponentially weighted averages of pace per (res-7 cell, time bucket), with a cap on entries
 * that evicts the least recently updated. Pace (time per metre) rather than speed is averaged so
 * that mixed fast and slow stretches combine the way travel times do.
 */
export class SpeedTable {
  private readonly entries: LruMap<string, CellSpeedStats>;

  constructor(
    capacity: number,
    /** Weight of a new 50 m of observation against the average so far. */
    private readonly alpha: number,
  ) {
    if (!(alpha > 0 && alpha <= 1)) throw new RangeError('alpha must be in (0, 1]');
    this.entries = new LruMap(capacity);
  }

  get size(): number {
    return this.entries.size;
  }

  /** Folds one observed segment into the cell's bucket and all-day values. */
  record(cell: string, bucket: number, paceRatio: number, meters: number, atMs: number): void {
    // Longer segments say more; the bounds keep one long or tiny segment from dominating.
    const weight = Math.min(4, Math.max(0.5, meters / 50));
    const step = 1 - (1 - this.alpha) ** weight;
    for (const b of [bucket, ALL_DAY]) {
      const key = keyOf(cell, b);
      const stats = this.entries.peek(key);
      if (!stats) {
        this.entries.set(key, { cell, bucket: b, paceRatio, samples: 1, updatedAt: atMs });
        continue;
      }
      stats.samples++;
      // A plain mean until there are enough samples for the moving average to mean something.
      const rate = Math.max(step, 1 / stats.samples);
      stats.paceRatio += rate * (paceRatio - stats.paceRatio);
      stats.updatedAt = Math.max(stats.updatedAt, atMs);
      this.entries.set(key, stats);
    }
  }

  peek(cell: string, bucket: number): CellSpeedStats | undefined {
    return this.entries.peek(keyOf(cell, bucket));
  }

  /** Every entry, least recently updated first. */
  all(): CellSpeedStats[] {
    return [...this.entries].map(([, stats]) => ({ ...stats }));
  }

  /** Replaces the content, oldest first so the most recent survive the cap. */
  load(entries: readonly CellSpeedStats[]): void {
    this.entries.clear();
    const ordered = [...entries].sort((a, b) => a.updatedAt - b.updatedAt);
    for (const e of ordered) this.entries.set(keyOf(e.cell, e.bucket), { ...e });
  }
}

function keyOf(cell: string, bucket: number): string {
  return `${cell}/${bucket}`;
}
