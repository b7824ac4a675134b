import { describe, expect, it } from 'vitest';
import { CoalescingQueue, type DropReason } from './coalescing-queue';

function queue(maxLength = 10, maxAgeMs = 1000) {
  const drops: [DropReason, number][] = [];
  const q = new CoalescingQueue<string>({ maxLength, maxAgeMs }, (reason, count) =>
    drops.push([reason, count]),
  );
  return { q, drops };
}

describe('CoalescingQueue', () => {
  it('hands values out oldest first', () => {
    const { q } = queue();
    q.push('a', 'a1', 0);
    q.push('b', 'b1', 1);
    expect([q.take(2), q.take(2), q.take(2)]).toEqual(['a1', 'b1', undefined]);
  });

  it('keeps only the newest value of a key, in the place of the first', () => {
    const { q, drops } = queue();
    q.push('stop:1', 'late_risk', 0);
    q.push('stop:2', 'late_risk', 1);
    expect(q.push('stop:1', 'late', 2)).toBe('coalesced');
    expect(q.length).toBe(2);
    expect(q.take(3)).toBe('late');
    expect(q.take(3)).toBe('late_risk');
    expect(drops).toEqual([['coalesced', 1]]);
  });

  it('drops values that waited longer than the age limit when their turn comes', () => {
    const { q, drops } = queue(10, 100);
    q.push('a', 'a', 0);
    q.push('b', 'b', 50);
    q.push('c', 'c', 120);
    expect(q.take(160)).toBe('c');
    expect(drops).toEqual([['stale', 2]]);
    expect(q.length).toBe(0);
  });

  it('a coalesced value is as fresh as its newest push', () => {
    const { q } = queue(10, 100);
    q.push('a', 'old', 0);
    q.push('a', 'new', 90);
    expect(q.take(150)).toBe('new');
  });

  it('past the length bound drops the oldest for the newest', () => {
    const { q, drops } = queue(2);
    q.push('a', 'a', 0);
    q.push('b', 'b', 1);
    q.push('c', 'c', 2);
    expect(q.length).toBe(2);
    expect([q.take(3), q.take(3)]).toEqual(['b', 'c']);
    expect(drops).toEqual([['overflow', 1]]);
  });

  it('drops the values whose situation went away', () => {
    const { q, drops } = queue();
    q.push('a', 'alert 7', 0);
    q.push('b', 'alert 8', 0);
    expect(q.dropWhere((v) => v === 'alert 7', 'resolved')).toBe(1);
    expect(q.has('a')).toBe(false);
    expect(q.take(1)).toBe('alert 8');
    expect(drops).toEqual([['resolved', 1]]);
  });
});
