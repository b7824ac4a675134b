import type { MotionRules } from './config';
import { FixWindow } from './fix-window';
import {
  advanceMotion,
  cloneMotionCore,
  emptyMotionCore,
  isUsableFix,
  motionStateOf,
  type MotionCore,
  type MotionState,
} from './motion';
import type { MotionFix } from './types';

/** What became of one fix given to a tracker. */
export type MotionFixOutcome = 'appended' | 'inserted' | 'ignored';

/**
 * One courier's motion, kept up to date fix by fix. Fixes may come late or out of order: a fix
 * inside the window of recent fixes is put in its place and the window replayed, so the result
 * is the same as if it had come in order; a fix older than a full window is ignored.
 */
export class MotionTracker {
  private readonly window: FixWindow;
  /** The motion folded from every fix that has left the window. */
  private base: MotionCore = emptyMotionCore();
  /** `base` plus every fix in the window. */
  private core: MotionCore = emptyMotionCore();
  private cached: MotionState | null = null;

  constructor(private readonly rules: MotionRules) {
    this.window = new FixWindow(rules.windowFixes);
  }

  get state(): MotionState {
    return (this.cached ??= motionStateOf(this.core, this.rules));
  }

  /** Adds fixes in any order; returns how many changed the window. */
  addAll(fixes: Iterable<MotionFix>): number {
    let changed = 0;
    for (const fix of fixes) if (this.add(fix) !== 'ignored') changed++;
    return changed;
  }

  add(fix: MotionFix): MotionFixOutcome {
    if (!isUsableFix(fix, this.rules)) return 'ignored';
    // Fixes nearly always come newest last: only a late one needs a search.
    if (fix.t <= this.window.newestT && this.window.has(fix.t)) return 'ignored';
    if (this.window.full) {
      if (fix.t < this.window.oldestT) return 'ignored';
      advanceMotion(this.base, this.window.evictOldest(), this.rules);
    }
    this.cached = null;
    if (this.window.insert(fix)) {
      advanceMotion(this.core, fix, this.rules);
      return 'appended';
    }
    this.core = cloneMotionCore(this.base);
    for (let i = 0; i < this.window.size; i++) {
      advanceMotion(this.core, this.window.at(i), this.rules);
    }
    return 'inserted';
  }
}
