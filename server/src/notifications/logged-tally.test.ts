import { describe, expect, it } from 'vitest';
import { LoggedTally } from './logged-tally';

describe('LoggedTally', () => {
  it("lets each channel's first logged message through and counts the rest", () => {
    const tally = new LoggedTally(60_000);
    expect(tally.note('sms', 0)).toBe('first');
    expect(tally.note('sms', 1)).toBe('counted');
    expect(tally.note('email', 2)).toBe('first');
    expect(tally.note('email', 3)).toBe('counted');
  });

  it('sums the counted messages up once a period, then starts over', () => {
    const tally = new LoggedTally(60_000);
    tally.note('sms', 0);
    for (let i = 0; i < 5; i++) tally.note('sms', 1000 + i);
    tally.note('email', 2000);
    tally.note('email', 2001);
    expect(tally.summaryDue(59_999)).toBeNull();
    expect(tally.summaryDue(60_000)).toEqual(
      new Map([
        ['sms', 5],
        ['email', 1],
      ]),
    );
    tally.note('sms', 61_000);
    expect(tally.summaryDue(100_000)).toBeNull();
    expect(tally.summaryDue(120_000)).toEqual(new Map([['sms', 1]]));
  });

  it('has nothing to say when nothing was counted', () => {
    const tally = new LoggedTally(60_000);
    expect(tally.summaryDue(1_000_000)).toBeNull();
    tally.note('sms', 0);
    expect(tally.summaryDue(1_000_000)).toBeNull();
  });
});
