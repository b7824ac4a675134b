/**
 * Tracking links are guessed by trying tokens: after `missesPerWindow` unknown tokens from one
 * client address in a window, that address is refused until the window ends. Known tokens are
 * limited only by a generous cap (`hitsPerWindow`), so a page that reloads a lot keeps working.
 * Each address's window starts with its first request; pure, its clock passed in.
 */
export interface MissLimiterOptions {
  missesPerWindow: number;
  hitsPerWindow: number;
  windowMs: number;
  now: () => number;
}

interface Window {
  startedAt: number;
  misses: number;
  hits: number;
}

export const TRACKING_LIMITS = {
  missesPerWindow: 20,
  hitsPerWindow: 120,
  windowMs: 60_000,
} as const;

export class MissLimiter {
  private readonly windows = new Map<string, Window>();
  private lastSweep: number;

  constructor(private readonly options: MissLimiterOptions) {
    this.lastSweep = options.now();
  }

  /** Whether a request from `client` may look a token up now. */
  allows(client: string): boolean {
    const w = this.current(client, false);
    if (!w) return true;
    return w.misses < this.options.missesPerWindow && w.hits < this.options.hitsPerWindow;
  }

  /** Counts a token that opened nothing. */
  miss(client: string): void {
    this.current(client, true)!.misses++;
  }

  /** Counts a token that opened a stop. */
  hit(client: string): void {
    this.current(client, true)!.hits++;
  }

  /** Milliseconds until `client`'s window ends (what a refusal's `Retry-After` says). */
  resetsInMs(client: string): number {
    const w = this.current(client, false);
    return w ? w.startedAt + this.options.windowMs - this.options.now() : 0;
  }

  /** Addresses with a window still running (what the limiter holds in memory). */
  get size(): number {
    return this.windows.size;
  }

  private current(client: string, create: boolean): Window | undefined {
    const now = this.options.now();
    this.sweep(now);
    let w = this.windows.get(client);
    if (w && now - w.startedAt >= this.options.windowMs) {
      this.windows.delete(client);
      w = undefined;
    }
    if (!w && create) {
      w = { startedAt: now, misses: 0, hits: 0 };
      this.windows.set(client, w);
    }
    return w;
  }

  /** Forgets ended windows, at most once a window, so memory follows recent clients only. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.options.windowMs) return;
    this.lastSweep = now;
    for (const [client, w] of this.windows)
      if (now - w.startedAt >= this.options.windowMs) this.windows.delete(client);
  }
}
