import { describe, expect, it } from 'vitest';
import { WakeQueue } from './wake-queue';

function due(queue: WakeQueue, now: number): number[] {
  const out: number[] = [];
  queue.popDue(now, out);
  return out;
}

describe('WakeQueue', () => {
  it('hands out the slots due by now, earliest first, each once', () => {
    const queue = new WakeQueue();
    queue.schedule(3, 300);
    queue.schedule(1, 100);
    queue.schedule(2, 900);
    expect(due(queue, 500)).toEqual([1, 3]);
    expect(due(queue, 500)).toEqual([]);
    expect(due(queue, 900)).toEqual([2]);
  });

  it('moves a wish later without waking the slot at the earlier time', () => {
    const queue = new WakeQueue();
    queue.schedule(1, 100);
    queue.schedule(1, 200);
    expect(due(queue, 150)).toEqual([]);
    expect(due(queue, 200)).toEqual([1]);
  });

  it('moves a wish earlier, and the old time no longer wakes it', () => {
    const queue = new WakeQueue();
    queue.schedule(1, 200);
    queue.schedule(1, 100);
    expect(due(queue, 100)).toEqual([1]);
    expect(due(queue, 200)).toEqual([]);
  });

  it('never wakes a slot asked for at Infinity or removed', () => {
    const queue = new WakeQueue();
    queue.schedule(1, 100);
    queue.schedule(1, Infinity);
    queue.schedule(2, 100);
    queue.remove(2);
    expect(due(queue, 1_000)).toEqual([]);
  });

  it('keeps one heap entry for a deadline that keeps moving later', () => {
    const queue = new WakeQueue();
    for (let t = 0; t < 1_000; t++) queue.schedule(1, 120_000 + t * 1_000);
    expect(queue.heapSize).toBe(1);
    expect(queue.wantedAt(1)).toBe(120_000 + 999_000);
  });
});
