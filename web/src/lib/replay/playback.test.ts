import { describe, expect, it } from 'vitest';
import { Playback, type FrameSource } from './playback.svelte';

const T0 = Date.UTC(2025, 0, 15, 9);
const HOUR = 3_600_000;

/** Frames that run when the test says so. */
function manualFrames() {
  let pending: ((now: number) => void) | null = null;
  const source: FrameSource = {
    request: (cb) => {
      pending = cb;
      return 1;
    },
    cancel: () => {
      pending = null;
    },
  };
  return {
    source,
    tick(now: number) {
      const cb = pending;
      pending = null;
      cb?.(now);
    },
  };
}

describe('Playback', () => {
  it('plays at the chosen speed, frame by frame', () => {
    const frames = manualFrames();
    const playback = new Playback(frames.source);
    playback.reset(T0, T0 + HOUR);
    playback.setSpeed(60);
    playback.play();
    frames.tick(1000);
    frames.tick(1500);
    expect(playback.t).toBe(T0 + 500 * 60);
    playback.pause();
    frames.tick(2500);
    expect(playback.t).toBe(T0 + 500 * 60);
  });

  it('stops at the end and starts over when played again', () => {
    const playback = new Playback(manualFrames().source);
    playback.reset(T0, T0 + 10_000);
    playback.play();
    playback.advance(20_000);
    expect(playback.t).toBe(T0 + 10_000);
    expect(playback.playing).toBe(false);
    playback.play();
    expect(playback.t).toBe(T0);
  });

  it('seeks and steps within its stretch', () => {
    const playback = new Playback(manualFrames().source);
    playback.reset(T0, T0 + HOUR);
    playback.step(-60_000);
    expect(playback.t).toBe(T0);
    playback.seek(T0 + 2 * HOUR);
    expect(playback.t).toBe(T0 + HOUR);
    playback.step(-60_000);
    expect(playback.t).toBe(T0 + HOUR - 60_000);
  });

  it('toggles between playing and paused', () => {
    const playback = new Playback(manualFrames().source);
    playback.reset(T0, T0 + HOUR);
    playback.toggle();
    expect(playback.playing).toBe(true);
    playback.toggle();
    expect(playback.playing).toBe(false);
  });
});
