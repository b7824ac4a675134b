import type { Ping } from '@dispatch/shared';
import { describe, expect, it } from 'vitest';
import { PingQueue } from './ping-queue';

const ping = (seq: number): Ping => ({ seq, t: seq, lat: 0, lng: 0 });

describe('PingQueue', () => {
  it('hands out the oldest fixes first without removing them', () => {
    const queue = new PingQueue();
    for (let s = 1; s <= 5; s++) queue.push(ping(s));
    expect(queue.oldest(3).map((p) => p.seq)).toEqual([1, 2, 3]);
    expect(queue.size).toBe(5);
  });

  it('drops everything up to an acknowledged seq', () => {
    const queue = new PingQueue();
    for (let s = 1; s <= 5; s++) queue.push(ping(s));
    expect(queue.ackUpTo(3)).toBe(3);
    expect(queue.ackUpTo(2)).toBe(0);
    expect(queue.oldest(10).map((p) => p.seq)).toEqual([4, 5]);
  });

  it('drops the oldest fix when full and counts it', () => {
    const queue = new PingQueue(3);
    const dropped = [1, 2, 3, 4, 5].map((s) => queue.push(ping(s)));
    expect(dropped).toEqual([0, 0, 0, 1, 1]);
    expect(queue.droppedTotal).toBe(2);
    expect(queue.oldest(10).map((p) => p.seq)).toEqual([3, 4, 5]);
  });

  it('stays correct across compactions of a long stream', () => {
    const queue = new PingQueue(5000);
    let next = 1;
    for (let round = 0; round < 50; round++) {
      for (let k = 0; k < 300; k++) queue.push(ping(next++));
      queue.ackUpTo(next - 10);
    }
    expect(queue.oldest(100).map((p) => p.seq)).toEqual(
      Array.from({ length: 9 }, (_, i) => next - 9 + i),
    );
  });
});
