import { describe, expect, it } from 'vitest';
import { PushPacer, type PacerClock } from './push-pacer';

/** A clock whose timers run when the test moves time. */
function fakeClock() {
  let now = 0;
  let next = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  const clock: PacerClock = {
    now: () => now,
    setTimeout: (fn, ms) => {
      timers.set(++next, { at: now + ms, fn });
      return next;
    },
    clearTimeout: (handle) => void timers.delete(handle as number),
  };
  const advance = (ms: number) => {
    const until = now + ms;
    for (;;) {
      const due = [...timers].filter(([, t]) => t.at <= until).sort((a, b) => a[1].at - b[1].at);
      if (due.length === 0) break;
      const [id, timer] = due[0]!;
      timers.delete(id);
      now = timer.at;
      timer.fn();
    }
    now = until;
  };
  return { clock, advance };
}

describe('the push pacer', () => {
  it('pushes a key once for the marks of one tick', () => {
    const { clock, advance } = fakeClock();
    const pushed: number[] = [];
    const pacer = new PushPacer((k) => pushed.push(k), 1000, clock);
    pacer.mark(7);
    pacer.mark(7);
    pacer.mark(8);
    advance(0);
    expect(pushed).toEqual([7, 8]);
  });

  it('waits out the gap after a push, then pushes once for every mark in it', () => {
    const { clock, advance } = fakeClock();
    const pushed: number[] = [];
    const pacer = new PushPacer((k) => pushed.push(k), 1000, clock);
    pacer.mark(7);
    advance(0);
    advance(100);
    pacer.mark(7);
    advance(400);
    pacer.mark(7);
    advance(499);
    expect(pushed).toEqual([7]);
    advance(1);
    expect(pushed).toEqual([7, 7]);
  });

  it('drops a forgotten key’s pending push', () => {
    const { clock, advance } = fakeClock();
    const pushed: number[] = [];
    const pacer = new PushPacer((k) => pushed.push(k), 1000, clock);
    pacer.mark(7);
    pacer.forget(7);
    advance(2000);
    expect(pushed).toEqual([]);
  });
});
