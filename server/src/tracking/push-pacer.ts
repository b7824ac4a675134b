/** The timers a pacer uses (the real ones in the server, a fake clock in tests). */
export interface PacerClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const REAL_CLOCK: PacerClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Coalesces pushes per key: however many changes mark a key, `flush` runs for it at most once
 * per `minGapMs`, after the marks of the same tick have all come in.
 */
export class PushPacer {
  private readonly pending = new Map<number, unknown>();
  private readonly last = new Map<number, number>();

  constructor(
    private readonly flush: (key: number) => void,
    private readonly minGapMs: number,
    private readonly clock: PacerClock = REAL_CLOCK,
  ) {}

  /** Asks for a push of `key`: now-ish, or when its gap since the last push has passed. */
  mark(key: number): void {
    if (this.pending.has(key)) return;
    const last = this.last.get(key);
    const wait = last === undefined ? 0 : Math.max(0, last + this.minGapMs - this.clock.now());
    const handle = this.clock.setTimeout(() => {
      this.pending.delete(key);
      this.last.set(key, this.clock.now());
      this.flush(key);
    }, wait);
    this.pending.set(key, handle);
  }

  /** Drops a key's pending push and history (nobody watches it any more). */
  forget(key: number): void {
    const handle = this.pending.get(key);
    if (handle !== undefined) this.clock.clearTimeout(handle);
    this.pending.delete(key);
    this.last.delete(key);
  }

  stop(): void {
    for (const handle of this.pending.values()) this.clock.clearTimeout(handle);
    this.pending.clear();
    this.last.clear();
  }
}
