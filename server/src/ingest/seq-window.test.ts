import { describe, expect, it } from 'vitest';
import { SeqWindow } from './seq-window';

describe('SeqWindow', () => {
  it('knows what it has seen, in and out of order', () => {
    const w = new SeqWindow(64);
    expect(w.has(5)).toBe(false);
    w.add(5);
    w.add(3);
    expect(w.has(5)).toBe(true);
    expect(w.has(3)).toBe(true);
    expect(w.has(4)).toBe(false);
    expect(w.maxSeq).toBe(5);
  });

  it('clears slots it slides past so old bits do not alias new numbers', () => {
    const w = new SeqWindow(32);
    w.add(1);
    w.add(33); // same slot as 1, one lap later
    expect(w.has(33)).toBe(true);
    expect(w.has(1)).toBe('unknown');
    w.add(40);
    expect(w.has(34)).toBe(false);
  });

  it('answers unknown below the window and refuses to add there', () => {
    const w = new SeqWindow(32);
    w.add(1000);
    expect(w.has(900)).toBe('unknown');
    expect(w.add(900)).toBe(false);
  });

  it('forgets a removed number', () => {
    const w = new SeqWindow(32);
    w.add(10);
    w.add(11);
    w.remove(10);
    expect(w.has(10)).toBe(false);
    expect(w.has(11)).toBe(true);
  });

  it('handles a jump larger than the window', () => {
    const w = new SeqWindow(32);
    w.add(1);
    w.add(2);
    w.add(1_700_000_000_000);
    expect(w.has(1_700_000_000_000)).toBe(true);
    expect(w.has(1_699_999_999_999)).toBe(false);
  });
});
