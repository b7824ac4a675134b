import { describe, expect, it } from 'vitest';
import { PlanDrafts } from './plan-drafts';

function drafts(ttlMs = 1000) {
  let now = 0;
  let next = 0;
  const store = new PlanDrafts<string>(
    ttlMs,
    () => now,
    () => `plan-${++next}`,
  );
  return { store, advance: (ms: number) => (now += ms) };
}

describe('PlanDrafts', () => {
  it('keeps a draft under its id until it expires', () => {
    const { store, advance } = drafts(1000);
    const stored = store.put(1, 'moves');
    expect(stored).toMatchObject({ planId: 'plan-1', hubId: 1, createdAt: 0, expiresAt: 1000 });
    advance(999);
    expect(store.get(1, 'plan-1')?.draft).toBe('moves');
    advance(1);
    expect(store.get(1, 'plan-1')).toBeUndefined();
  });

  it('keeps one draft per hub: a newer one replaces the older', () => {
    const { store } = drafts();
    store.put(1, 'first');
    store.put(2, 'other hub');
    store.put(1, 'second');
    expect(store.get(1, 'plan-1')).toBeUndefined();
    expect(store.get(1, 'plan-3')?.draft).toBe('second');
    expect(store.get(2, 'plan-2')?.draft).toBe('other hub');
  });

  it('finds a draft only under its own hub', () => {
    const { store } = drafts();
    store.put(1, 'moves');
    expect(store.get(2, 'plan-1')).toBeUndefined();
  });

  it('hands a draft out once when taken', () => {
    const { store } = drafts();
    store.put(1, 'moves');
    expect(store.take(1, 'plan-1')?.draft).toBe('moves');
    expect(store.take(1, 'plan-1')).toBeUndefined();
  });

  it('forgets a hub’s draft when cleared', () => {
    const { store } = drafts();
    store.put(1, 'moves');
    store.clear(1);
    expect(store.get(1, 'plan-1')).toBeUndefined();
  });
});
