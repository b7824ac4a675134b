import { describe, expect, test } from 'vitest';
import { shortcutFor, type KeyPress } from './shortcuts';

const press = (key: string, overrides: Partial<KeyPress> = {}): KeyPress => ({
  key,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  targetTag: 'BODY',
  targetEditable: false,
  ...overrides,
});

describe('shortcutFor', () => {
  test('maps the documented keys', () => {
    expect(
      ['j', 'k', 'a', 'Enter', 'y', '/', 'Escape', '?'].map((k) => shortcutFor(press(k))),
    ).toEqual([
      'next-alert',
      'previous-alert',
      'acknowledge-alert',
      'accept-suggestion',
      'accept-suggestion',
      'focus-search',
      'clear-selection',
      'toggle-help',
    ]);
  });

  test('typing in a field is not a shortcut, except Escape', () => {
    expect(shortcutFor(press('j', { targetTag: 'INPUT' }))).toBeNull();
    expect(shortcutFor(press('Escape', { targetTag: 'INPUT' }))).toBe('clear-selection');
  });

  test('Enter on a button presses the button', () => {
    expect(shortcutFor(press('Enter', { targetTag: 'BUTTON' }))).toBeNull();
  });

  test('browser shortcuts with modifiers are left alone', () => {
    expect(shortcutFor(press('a', { ctrlKey: true }))).toBeNull();
  });
});
