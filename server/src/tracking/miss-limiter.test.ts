import { describe, expect, it } from 'vitest';
import { MissLimiter } from './miss-limiter';

/** A limiter of 3 misses and 5 hits a minute on a clock the test moves. */
function limiter() {
  let now = 1_000_000;
  const l = new MissLimiter({
    missesPerWindow: 3,
    hitsPerWindow: 5,
    windowMs: 60_000,
    now: () => now,
  });
  return { l, advance: (ms: number) => (now += ms) };
}

describe('the tracking links’ miss limiter', () => {
  it('lets an address try until its misses reach the limit, then refuses it', () => {
    const { l } = limiter();
    for (let i = 0; i < 3; i++) {
      expect(l.allows('198.51.100.1')).toBe(true);
      l.miss('198.51.100.1');
    }
    expect(l.allows('198.51.100.1')).toBe(false);
  });

  it('refuses for the rest of the window, then lets the address try again', () => {
    const { l, advance } = limiter();
    for (let i = 0; i < 3; i++) l.miss('a');
    advance(59_999);
    expect(l.allows('a')).toBe(false);
    expect(l.resetsInMs('a')).toBe(1);
    advance(1);
    expect(l.allows('a')).toBe(true);
  });

  it('counts addresses apart', () => {
    const { l } = limiter();
    for (let i = 0; i < 3; i++) l.miss('a');
    expect(l.allows('a')).toBe(false);
    expect(l.allows('b')).toBe(true);
  });

  it('does not count known tokens as misses, only against the generous cap', () => {
    const { l } = limiter();
    for (let i = 0; i < 4; i++) l.hit('a');
    l.miss('a');
    expect(l.allows('a')).toBe(true);
    l.hit('a');
    expect(l.allows('a')).toBe(false);
  });

  it('forgets addresses whose window ended', () => {
    const { l, advance } = limiter();
    l.miss('a');
    l.miss('b');
    expect(l.size).toBe(2);
    advance(60_000);
    l.miss('c');
    expect(l.size).toBe(1);
  });
});
