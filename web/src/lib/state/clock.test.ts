import { afterEach, describe, expect, test, vi } from 'vitest';
import { Clock } from './clock.svelte';

afterEach(() => {
  vi.useRealTimers();
});

describe('Clock', () => {
  test('ticks while started and stops when told', () => {
    vi.useFakeTimers({ now: 1_000_000 });
    const clock = new Clock();
    clock.start(1000);
    vi.advanceTimersByTime(3000);
    expect(clock.now).toBe(1_003_000);
    clock.stop();
    vi.advanceTimersByTime(3000);
    expect(clock.now).toBe(1_003_000);
  });
});
