export type FrameCallback = (now: number) => void;

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

  /** Registers a callback; returns a function that removes it. */
  add(phase: 'update' | 'draw', fn: FrameCallback): () => void {
    const set = phase === 'update' ? this.#updates : this.#draws;
    set.add(fn);
    return () => set.delete(fn);
  }

  start(): void {
    if (this.#frame !== null) return;
    const frame = () => {
      const now = Date.now();
      this.#runUpdates(now);
      for (const fn of this.#draws) fn(now);
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
