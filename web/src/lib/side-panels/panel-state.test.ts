import { describe, expect, test } from 'vitest';
import { SidePanels, parseCollapsed } from './panel-state.svelte';

/** A stand-in for localStorage. */
function memory(initial: Record<string, string> = {}) {
  const items = new Map(Object.entries(initial));
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
  };
}

describe('parseCollapsed', () => {
  test('reads the stored panel names', () => {
    expect(parseCollapsed('["couriers","drawer"]')).toEqual(new Set(['couriers', 'drawer']));
  });

  test('ignores names it does not know and anything not a list', () => {
    expect(parseCollapsed('["couriers","map"]')).toEqual(new Set(['couriers']));
    expect(parseCollapsed('{"couriers":true}')).toEqual(new Set());
    expect(parseCollapsed('not json')).toEqual(new Set());
    expect(parseCollapsed(null)).toEqual(new Set());
  });
});

describe('SidePanels', () => {
  test('every panel is open at first', () => {
    const panels = new SidePanels(memory());
    expect(panels.isCollapsed('problems')).toBe(false);
    expect(panels.isCollapsed('couriers')).toBe(false);
  });

  test('a toggle collapses a panel, a second one opens it again', () => {
    const panels = new SidePanels(memory());
    panels.toggle('couriers');
    expect(panels.isCollapsed('couriers')).toBe(true);
    expect(panels.isCollapsed('problems')).toBe(false);
    panels.toggle('couriers');
    expect(panels.isCollapsed('couriers')).toBe(false);
  });

  test('the layout survives a reload', () => {
    const storage = memory();
    new SidePanels(storage).toggle('drawer');
    const reloaded = new SidePanels(storage);
    expect(reloaded.isCollapsed('drawer')).toBe(true);
    expect(reloaded.isCollapsed('couriers')).toBe(false);
  });

  test('works where there is no storage', () => {
    const panels = new SidePanels(null);
    panels.toggle('problems');
    expect(panels.isCollapsed('problems')).toBe(true);
  });
});
