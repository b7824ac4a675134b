import { afterEach, describe, expect, test, vi } from 'vitest';
import { FrameLoop } from './frame-loop';

/** Stands in for the browser's animation frames: `runFrame` runs the callback asked for last. */
function fakeFrames() {
  let pending: ((ts: number) => void) | null = null;
  vi.stubGlobal('requestAnimationFrame', (cb: (ts: number) => void) => {
    pending = cb;
    return 1;
  });
  vi.stubGlobal('cancelAnimationFrame', () => (pending = null));
  return {
    runFrame() {
      const cb = pending;
      pending = null;
      cb?.(0);
    },
  };
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('FrameLoop', () => {
  test('applies updates before drawing in every frame', () => {
    const frames = fakeFrames();
    const loop = new FrameLoop(() => {});
    const calls: string[] = [];
    loop.add('draw', () => calls.push('draw'));
    loop.add('update', () => calls.push('update'));
    loop.start();
    frames.runFrame();
    frames.runFrame();
    loop.stop();
    expect(calls).toEqual(['update', 'draw', 'update', 'draw']);
  });

  test('times each frame once the reactive work its callbacks set off has run', async () => {
    const frames = fakeFrames();
    const timed: { syncMs: number; endedAfterReaction: boolean }[] = [];
    let reacted = false;
    const loop = new FrameLoop((startedAt, syncMs, endedAt) => {
      expect(endedAt).toBeGreaterThanOrEqual(startedAt + syncMs);
      timed.push({ syncMs, endedAfterReaction: reacted });
    });
    // A state change in a callback schedules its effects as a microtask, as Svelte does.
    loop.add('update', () => queueMicrotask(() => (reacted = true)));
    loop.start();
    frames.runFrame();
    loop.stop();
    expect(timed).toEqual([]);
    await Promise.resolve();
    expect(timed).toHaveLength(1);
    expect(timed[0]!.endedAfterReaction).toBe(true);
    expect(timed[0]!.syncMs).toBeGreaterThanOrEqual(0);
  });

  test('a removed callback no longer runs', () => {
    const frames = fakeFrames();
    const loop = new FrameLoop(() => {});
    let draws = 0;
    const remove = loop.add('draw', () => draws++);
    loop.start();
    frames.runFrame();
    remove();
    frames.runFrame();
    loop.stop();
    expect(draws).toBe(1);
  });
});
