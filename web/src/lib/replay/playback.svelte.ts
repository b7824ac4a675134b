/** Playback speeds: replay seconds per real second. */
export const SPEEDS = [1, 5, 15, 60] as const;
export type Speed = (typeof SPEEDS)[number];

/** How the playback asks for animation frames (the browser's, or a test's). */
export interface FrameSource {
  request(callback: (now: number) => void): number;
  cancel(handle: number): void;
}

const browserFrames: FrameSource = {
  request: (callback) => requestAnimationFrame(callback),
  cancel: (handle) => cancelAnimationFrame(handle),
};

/** The replay's clock: the moment shown, play and pause at a speed, seek and step. */
export class Playback {
  from = $state(0);
  to = $state(0);
  /** The moment shown, epoch ms. */
  t = $state(0);
  playing = $state(false);
  speed = $state<Speed>(1);
  private frame: number | null = null;
  private lastFrameAt: number | null = null;

  constructor(private readonly frames: FrameSource = browserFrames) {}

  /** A new stretch of time, shown from `t` (its start by default), paused. */
  reset(from: number, to: number, t = from): void {
    this.pause();
    this.from = from;
    this.to = to;
    this.t = Math.min(Math.max(t, from), to);
  }

  seek(t: number): void {
    this.t = Math.min(Math.max(t, this.from), this.to);
  }

  /** Moves by `ms` (negative: back). */
  step(ms: number): void {
    this.seek(this.t + ms);
  }

  play(): void {
    if (this.playing) return;
    if (this.t >= this.to) this.t = this.from;
    this.playing = true;
    this.lastFrameAt = null;
    this.frame = this.frames.request(this.onFrame);
  }

  pause(): void {
    this.playing = false;
    if (this.frame !== null) this.frames.cancel(this.frame);
    this.frame = null;
  }

  toggle(): void {
    if (this.playing) this.pause();
    else this.play();
  }

  setSpeed(speed: Speed): void {
    this.speed = speed;
  }

  /** Moves on by `realMs` of real time at the current speed; stops at the end. */
  advance(realMs: number): void {
    this.t = Math.min(this.to, this.t + realMs * this.speed);
    if (this.t >= this.to) this.pause();
  }

  private readonly onFrame = (now: number): void => {
    if (!this.playing) return;
    // A frame after a long pause (a hidden tab) moves at most a second of real time.
    if (this.lastFrameAt !== null) this.advance(Math.min(1000, now - this.lastFrameAt));
    this.lastFrameAt = now;
    if (this.playing) this.frame = this.frames.request(this.onFrame);
  };
}
