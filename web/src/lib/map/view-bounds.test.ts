import { afterEach, describe, expect, test, vi } from 'vitest';
import { debounce, viewForBounds } from './view-bounds';

afterEach(() => {
  vi.useRealTimers();
});

describe('viewForBounds', () => {
  test('sends [west, south, east, north] clamped to the globe', () => {
    expect(viewForBounds({ west: -200, south: -20.5, east: -54.1234567, north: 95 })).toEqual({
      bounds: [-180, -20.5, -54.12346, 90],
    });
  });

  test('a view across the antimeridian is cut at 180°', () => {
    expect(viewForBounds({ west: 179, south: 0, east: -179, north: 1 }).bounds).toEqual([
      179, 0, 180, 1,
    ]);
  });
});

describe('debounce', () => {
  test('calls once with the last arguments after calls stop', () => {
    vi.useFakeTimers();
    const calls: number[] = [];
    const send = debounce((n: number) => calls.push(n), 300);
    send(1);
    vi.advanceTimersByTime(200);
    send(2);
    vi.advanceTimersByTime(299);
    expect(calls).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(calls).toEqual([2]);
  });
});
