import { LruMap } from '../lib/lru-map';

export interface CourierPaceOptions {
  /** Weight of each new segment in a courier's moving averages (default 0.003). */
  alpha?: number;
  /**
   * Segments at which a courier's own pace and the fleet's weigh the same: with fewer, the
   * factor leans towards 1, the fleet's speeds (default 30).
   */
  confidenceSamples?: number;
  /** One segment counts at most this many times slower or faster than predicted (default 2). */
  maxSegmentRatio?: number;
  /** Most couriers whose pace is kept; the least recently seen go first (default 20 000). */
  maxCouriers?: number;
}

/** What has been learned of one courier's pace. */
export interface CourierPaceStats {
  courierId: string | number;
  /** Whom the courier is compared with (its vehicle): a change of vehicle starts afresh. */
  group: string;
  /** Moving average of a segment's observed time (in any unit the caller keeps to). */
  observedTime: number;
  /** The same of the time the fleet's speeds predicted for those segments. */
  predictedTime: number;
  /** Segments observed. */
  samples: number;
  /** Device time of the last segment observed, epoch ms. */
  updatedAt: number;
}

/** The moving averages of one group of couriers together, or of one courier. */
interface TimeAverages {
  observedTime: number;
  predictedTime: number;
  samples: number;
}

/** One group's averages, as a snapshot keeps them. */
export interface GroupPaceStats extends TimeAverages {
  group: string;
}

/** What `CourierPace` has learned, as plain JSON. */
export interface CourierPaceSnapshot {
  groups: GroupPaceStats[];
  couriers: CourierPaceStats[];
}

/** A group's averages forget this many times slower than a courier's. */
const GROUP_WINDOW_COURIERS = 10;

/**
 * Each courier's own pace against the fleet's: how much longer (or shorter) its movement
 * segments take than the shared and vehicle speeds predicted for them, at the same place and
 * hour. Couriers of one vehicle differ (a cautious driver, a quick rider), and that difference
 * follows the courier everywhere, where the learned speeds follow the place. The factor is
 * the courier's ratio of observed to predicted time over its group's (couriers of its
 * vehicle): what the learned speeds get wrong for everyone alike stays theirs to learn, and
 * the factors of a group average about 1. Each ratio is of times summed over recent segments
 * (times add along a trip, so a mean of per-segment ratios would leave out the slow ones that
 * make up most of it); each segment's observed time is clamped to a few times the prediction
 * first, so one queue at a light cannot swing it; and the factor is shrunk towards 1 while a
 * courier has few segments, so a new courier gets the fleet's speeds.
 */
export class CourierPace {
  private readonly couriers: LruMap<string | number, CourierPaceStats>;
  private readonly groups = new Map<string, TimeAverages>();
  private readonly alpha: number;
  private readonly confidenceSamples: number;
  private readonly maxRatio: number;

  constructor(options: CourierPaceOptions = {}) {
    this.alpha = options.alpha ?? 0.003;
    if (!(this.alpha > 0 && this.alpha <= 1)) throw new RangeError('alpha must be in (0, 1]');
    this.confidenceSamples = options.confidenceSamples ?? 30;
    if (!(this.confidenceSamples >= 0)) throw new RangeError('confidenceSamples must be >= 0');
    this.maxRatio = options.maxSegmentRatio ?? 2;
    if (!(this.maxRatio > 1)) throw new RangeError('maxSegmentRatio must exceed 1');
    this.couriers = new LruMap(options.maxCouriers ?? 20_000);
  }

  /** Couriers with a pace learned. */
  get size(): number {
    return this.couriers.size;
  }

  /** Folds one segment in: the time it took and the time predicted for it, in one unit. */
  observe(
    courierId: string | number,
    group: string,
    observedTime: number,
    predictedTime: number,
    atMs: number,
  ): void {
    if (!(observedTime > 0 && predictedTime > 0)) return;
    const clamped = Math.min(
      predictedTime * this.maxRatio,
      Math.max(predictedTime / this.maxRatio, observedTime),
    );
    let groupStats = this.groups.get(group);
    if (!groupStats) {
      groupStats = { observedTime: 0, predictedTime: 0, samples: 0 };
      this.groups.set(group, groupStats);
    }
    // The group's average has the same weight per courier-segment as a courier's own.
    this.fold(groupStats, clamped, predictedTime, this.alpha / GROUP_WINDOW_COURIERS);
    const stats = this.couriers.peek(courierId);
    if (!stats || stats.group !== group) {
      this.couriers.set(courierId, {
        courierId,
        group,
        observedTime: clamped,
        predictedTime,
        samples: 1,
        updatedAt: atMs,
      });
      return;
    }
    this.fold(stats, clamped, predictedTime, this.alpha);
    stats.updatedAt = Math.max(stats.updatedAt, atMs);
    this.couriers.set(courierId, stats);
  }

  /**
   * Multiply the fleet's predicted travel time for this courier by this (1.2 = a fifth
   * slower than its group); 1 for a courier not seen, nearer 1 the fewer segments it rests on.
   */
  factor(courierId: string | number): number {
    const stats = this.couriers.peek(courierId);
    const group = stats && this.groups.get(stats.group);
    if (!stats || !group) return 1;
    const trust = stats.samples / (stats.samples + this.confidenceSamples);
    const own = stats.observedTime / stats.predictedTime;
    const fleet = group.observedTime / group.predictedTime;
    return Math.exp(trust * Math.log(own / fleet));
  }

  /** Moving averages: a plain mean until there are enough segments for them to mean something. */
  private fold(stats: TimeAverages, observed: number, predicted: number, alpha: number): void {
    stats.samples++;
    const rate = Math.max(alpha, 1 / stats.samples);
    stats.observedTime += rate * (observed - stats.observedTime);
    stats.predictedTime += rate * (predicted - stats.predictedTime);
  }

  /** Every group's and courier's averages; couriers least recently seen first. */
  snapshot(): CourierPaceSnapshot {
    return {
      groups: [...this.groups].map(([group, stats]) => ({ group, ...stats })),
      couriers: [...this.couriers].map(([, stats]) => ({ ...stats })),
    };
  }

  /** Replaces what was learned; couriers oldest first so the most recent survive the cap. */
  load(snapshot: CourierPaceSnapshot): void {
    this.groups.clear();
    for (const { group, observedTime, predictedTime, samples } of snapshot.groups) {
      this.groups.set(group, { observedTime, predictedTime, samples });
    }
    this.couriers.clear();
    const ordered = [...snapshot.couriers].sort((a, b) => a.updatedAt - b.updatedAt);
    for (const e of ordered) this.couriers.set(e.courierId, { ...e });
  }
}
