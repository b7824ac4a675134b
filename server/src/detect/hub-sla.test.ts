import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECTION_CONFIG } from './config';
import { CompletionWindow, hubSlaDetector } from './hub-sla';
import type { Finding } from './types';

const RULES = DEFAULT_DETECTION_CONFIG.hubSla;
const judge = (completions: number, onTime: number, previous: Finding | null = null) =>
  hubSlaDetector({ completions, onTime }, 0.95, previous, RULES);

describe('hubSlaDetector', () => {
  it('opens when the on-time rate over at least 10 completions is below target', () => {
    expect(judge(20, 18)).toEqual({
      kind: 'hub_sla',
      severity: 'warning',
      details: { onTimeRate: 0.9, completions: 20, target: 0.95 },
    });
  });

  it('stays quiet at the target', () => {
    expect(judge(20, 19)).toBeNull();
  });

  it('does not judge fewer than 10 completions', () => {
    expect(judge(9, 0)).toBeNull();
  });

  it('keeps an open verdict while too few completions remain to judge', () => {
    const open = judge(20, 10);
    expect(judge(5, 5, open)).toBe(open);
  });

  it('once open, clears only above target + 2 points', () => {
    const open = judge(100, 90);
    expect(judge(100, 97, open)).not.toBeNull();
    expect(judge(100, 98, open)).toBeNull();
  });

  it('turns critical more than 10 points below target', () => {
    expect(judge(100, 84)?.severity).toBe('critical');
  });

  it('does not open and close repeatedly for a rate oscillating around the target', () => {
    let open: Finding | null = null;
    const changes: string[] = [];
    for (const onTime of [94, 96, 94, 96, 95, 94, 96, 96]) {
      const next = judge(100, onTime, open);
      if (!open && next) changes.push('open');
      if (open && !next) changes.push('close');
      open = next;
    }
    expect(changes).toEqual(['open']);
  });
});

describe('CompletionWindow', () => {
  it('keeps completions in time order even when one is reported late', () => {
    const window = new CompletionWindow();
    window.add(2_000, true);
    window.add(1_000, false);
    window.add(3_000, true);
    expect(window.oldestAt).toBe(1_000);
    window.expire(1_000);
    expect({ completions: window.completions, onTime: window.onTime }).toEqual({
      completions: 2,
      onTime: 2,
    });
  });
});
