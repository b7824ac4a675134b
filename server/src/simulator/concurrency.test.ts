import { describe, expect, it } from 'vitest';
import { mapWithConcurrency, withDeadline } from './concurrency';

describe('mapWithConcurrency', () => {
  it('keeps the items order and never runs more than the limit at once', async () => {
    let running = 0;
    let most = 0;
    const results = await mapWithConcurrency([5, 1, 4, 2, 3], 2, async (n) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, n));
      running--;
      return n * 10;
    });
    expect(results).toEqual([50, 10, 40, 20, 30]);
    expect(most).toBe(2);
  });
});

describe('withDeadline', () => {
  it('gives up on a promise that never settles', async () => {
    await expect(withDeadline(new Promise(() => {}), 10)).resolves.toBeUndefined();
  });

  it('passes on a rejection before the deadline', async () => {
    await expect(withDeadline(Promise.reject(new Error('boom')), 1000)).rejects.toThrow('boom');
  });
});
