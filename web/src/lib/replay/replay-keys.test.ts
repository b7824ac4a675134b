import { describe, expect, it } from 'vitest';
import { replayKeyAction, type ReplayKeyPress } from './replay-keys';

const press = (key: string, overrides: Partial<ReplayKeyPress> = {}): ReplayKeyPress => ({
  key,
  shiftKey: false,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  targetTag: null,
  targetType: null,
  ...overrides,
});

describe('replayKeyAction', () => {
  it('plays or pauses on space and steps on the arrows', () => {
    expect(replayKeyAction(press(' '))).toEqual({ type: 'toggle' });
    expect(replayKeyAction(press('ArrowRight'))).toEqual({ type: 'step', ms: 60_000 });
    expect(replayKeyAction(press('ArrowLeft', { shiftKey: true }))).toEqual({
      type: 'step',
      ms: -600_000,
    });
    expect(replayKeyAction(press('x'))).toBeNull();
  });

  it('works on the time slider and on buttons, not while picking a day or a courier', () => {
    expect(replayKeyAction(press(' ', { targetTag: 'INPUT', targetType: 'range' }))).toEqual({
      type: 'toggle',
    });
    expect(replayKeyAction(press(' ', { targetTag: 'BUTTON' }))).toEqual({ type: 'toggle' });
    expect(
      replayKeyAction(press('ArrowLeft', { targetTag: 'INPUT', targetType: 'date' })),
    ).toBeNull();
    expect(replayKeyAction(press('ArrowLeft', { targetTag: 'SELECT' }))).toBeNull();
    expect(replayKeyAction(press(' ', { ctrlKey: true }))).toBeNull();
  });
});
