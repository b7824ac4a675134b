import { describe, expect, test } from 'vitest';
import { Theme } from './theme.svelte';

function memoryStorage(initial: Record<string, string> = {}) {
  const data = new Map(Object.entries(initial));
  return {
    getItem: (k: string) => data.get(k) ?? null,
    setItem: (k: string, v: string) => void data.set(k, v),
    data,
  };
}

describe('Theme', () => {
  test('dark by default', () => {
    expect(new Theme(null).name).toBe('dark');
  });

  test('the chosen theme is remembered', () => {
    const storage = memoryStorage();
    new Theme(storage).toggle();
    expect(new Theme(storage).name).toBe('light');
  });
});
