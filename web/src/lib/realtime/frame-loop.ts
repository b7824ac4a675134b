export type FrameCallback = (now: number) => void;

/** The User Timing measure each animation frame's console work is recorded under. */
export const FRAME_MEASURE = 'console:frame';

/**
 * Told, once per animation frame, how long the console's own work took: `syncMs` for the frame
 * callbacks (`performance.now()` from `startedAt`), and `endedAt` once the reactive updates they
 * set off (Svelte effects, run as microtasks) are done too.
 */
export type FrameTimingSink = (startedAt: number, syncMs: number, endedAt: number) => void;

/**
 * Records each frame as a User Timing measure (`FRAME_MEASURE`, with `detail.syncMs`) for
 * performance tools and the console benchmark to observe, and clears it from the timeline at
 * once, so a console left open for days keeps no growing list of entries.
 */
export const userTimingSink: FrameTimingSink = (startedAt, syncMs, endedAt) => {
  performance.measure(FRAME_MEASURE, { start: startedAt, end: endedAt, detail: { syncMs } });
  performance.clearMeasures(FRAME_MEASURE);
};

/**
 * One requestAnimationFrame loop for the console: `update` callbacks (applying queued fleet
 * deltas) run before `draw` callbacks (the map) in every frame. When the tab is hidden the
 * browser stops frames, so updates also run from a slow timer to keep queues short.
 */
export class FrameLoop {
  readonly #updates = new Set<FrameCallback>();
  readonly #draws = new Set<FrameCallback>();
  #frame: number | null = null;
  #timer: ReturnType<typeof setInterval> | null = null;
  #lastUpdate = 0;

  constructor(private readonly timing: FrameTimingSink = userTimingSink) {}

  /** Registers a callback; returns a function that removes it. */
  add(phase: 'update' | 'draw', fn: FrameCallback): () => void {
    const set = phase === 'update' ? this.#updates : this.#draws;
    set.add(fn);
    return () => set.delete(fn);
  }

  start(): void {
    if (this.#frame !== null) return;
    const frame = () => {
      const startedAt = performance.now();
      const now = Date.now();
      this.#runUpdates(now);
      for (const fn of this.#draws) fn(now);
      const syncMs = performance.now() - startedAt;
      // Queued after any reactive flush the callbacks scheduled, so it runs once that is done.
      queueMicrotask(() => this.timing(startedAt, syncMs, performance.now()));
      this.#frame = requestAnimationFrame(frame);
    };
    this.#frame = requestAnimationFrame(frame);
    this.#timer = setInterval(() => {
      const now = Date.now();
      if (now - this.#lastUpdate > 900) this.#runUpdates(now);
    }, 1000);
  }

  stop(): void {
    if (this.#frame !== null) cancelAnimationFrame(this.#frame);
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#frame = null;
    this.#timer = null;
  }

  #runUpdates(now: number): void {
    this.#lastUpdate = now;
    for (const fn of this.#updates) fn(now);
  }
}
