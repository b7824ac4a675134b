import { describe, expect, it } from 'vitest';
import { DomainError } from '@dispatch/shared';
import { checkReplayWindow, replayHub, sampleSecondsFor } from './replay-window';

const HOUR = 3_600_000;
const T0 = Date.UTC(2025, 0, 15);

function codeOf(fn: () => unknown): string | null {
  try {
    fn();
    return null;
  } catch (err) {
    return err instanceof DomainError ? err.code : 'thrown';
  }
}

describe('checkReplayWindow', () => {
  it('accepts up to a day and refuses empty, reversed or longer windows', () => {
    expect(codeOf(() => checkReplayWindow(T0, T0 + 24 * HOUR))).toBeNull();
    expect(codeOf(() => checkReplayWindow(T0, T0))).toBe('invalid');
    expect(codeOf(() => checkReplayWindow(T0, T0 - HOUR))).toBe('invalid');
    expect(codeOf(() => checkReplayWindow(T0, T0 + 24 * HOUR + 1))).toBe('invalid');
  });
});

describe('sampleSecondsFor', () => {
  it('keeps a fix every 5 s for short windows and at most 4,320 per courier', () => {
    expect(sampleSecondsFor(T0, T0 + HOUR)).toBe(5);
    expect(sampleSecondsFor(T0, T0 + 6 * HOUR)).toBe(5);
    expect(sampleSecondsFor(T0, T0 + 12 * HOUR)).toBe(10);
    expect(sampleSecondsFor(T0, T0 + 24 * HOUR)).toBe(20);
  });
});

describe('replayHub', () => {
  it('takes the hub asked for, or the courier’s', () => {
    expect(replayHub({ hubId: 2 }, undefined)).toBe(2);
    expect(replayHub({ courierId: 9 }, 3)).toBe(3);
    expect(replayHub({ hubId: 3, courierId: 9 }, 3)).toBe(3);
  });

  it('refuses a missing subject, an unknown courier and a courier of another hub', () => {
    expect(codeOf(() => replayHub({}, undefined))).toBe('invalid');
    expect(codeOf(() => replayHub({ courierId: 9 }, undefined))).toBe('not_found');
    expect(codeOf(() => replayHub({ courierId: 9 }, null))).toBe('invalid');
    expect(codeOf(() => replayHub({ hubId: 2, courierId: 9 }, 3))).toBe('invalid');
  });
});
