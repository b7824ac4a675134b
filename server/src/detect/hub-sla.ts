import type { HubSlaRules } from './config';
import type { Finding } from './types';

/** Completions of one hub inside a sliding time window, oldest first. */
export class CompletionWindow {
  private times: number[] = [];
  private onTimeFlags: boolean[] = [];
  private head = 0;
  private onTimeTotal = 0;

  get completions(): number {
    return this.times.length - this.head;
  }

  get onTime(): number {
    return this.onTimeTotal;
  }

  /** Completion time of the oldest event held; Infinity when empty. */
  get oldestAt(): number {
    return this.completions > 0 ? this.times[this.head]! : Infinity;
  }

  /** Adds a completion, kept in time order even when reported late. */
  add(completedAt: number, onTime: boolean): void {
    let i = this.times.length;
    while (i > this.head && this.times[i - 1]! > completedAt) i--;
    this.times.splice(i, 0, completedAt);
    this.onTimeFlags.splice(i, 0, onTime);
    if (onTime) this.onTimeTotal++;
  }

  /** Drops completions at or before `cutoff`. */
  expire(cutoff: number): void {
    while (this.head < this.times.length && this.times[this.head]! <= cutoff) {
      if (this.onTimeFlags[this.head]) this.onTimeTotal--;
      this.head++;
    }
    if (this.head > 256 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.onTimeFlags = this.onTimeFlags.slice(this.head);
      this.head = 0;
    }
  }
}

/** Counts over the window. */
export interface CompletionCounts {
  completions: number;
  onTime: number;
}

/**
 * Hub on-time rate below target. Judged only on at least `minCompletions` completions (fewer:
 * the previous verdict stands; none at all: nothing to judge, it clears). Once open it clears
 * only above target + `clearMargin`; critical below target − `criticalMargin`.
 */
export function hubSlaDetector(
  counts: CompletionCounts,
  target: number,
  previous: Finding | null,
  rules: HubSlaRules,
): Extract<Finding, { kind: 'hub_sla' }> | null {
  const open = previous?.kind === 'hub_sla' ? previous : null;
  if (counts.completions === 0) return null;
  if (counts.completions < rules.minCompletions) return open;
  const rate = counts.onTime / counts.completions;
  if (open ? rate > target + rules.clearMargin : rate >= target) return null;
  const criticalBelow = target - rules.criticalMargin;
  // The same margin keeps a rate wobbling on the critical edge from flipping severity.
  const critical =
    rate < criticalBelow ||
    (open?.severity === 'critical' && rate <= criticalBelow + rules.clearMargin);
  return {
    kind: 'hub_sla',
    severity: critical ? 'critical' : 'warning',
    details: {
      onTimeRate: Math.round(rate * 100) / 100,
      completions: counts.completions,
      target,
    },
  };
}
