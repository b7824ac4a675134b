import { describe, expect, it } from 'vitest';
import { LruMap } from './lru-map';

describe('LruMap', () => {
  it('evicts the entry used longest ago once over capacity', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    map.get('a');
    expect(map.set('c', 3)).toBe(1);
    expect([...map].map(([k]) => k)).toEqual(['a', 'c']);
  });

  it('does not count a peek as a use', () => {
    const map = new LruMap<string, number>(2);
    map.set('a', 1);
    map.set('b', 2);
    expect(map.peek('a')).toBe(1);
    map.set('c', 3);
    expect(map.has('a')).toBe(false);
  });
});
