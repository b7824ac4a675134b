import { describe, expect, it } from 'vitest';
import { ConditionBook, conditionKey } from './conditions';
import type { Finding, Signal } from './types';

const late = (windowEnd: number, courierId = 1): Finding => ({
  kind: 'late',
  severity: 'warning',
  details: { courierId, windowEnd },
});

describe('ConditionBook', () => {
  const subject = { stopId: 9 };
  const key = conditionKey('late', subject);

  it('signals a condition once when it starts, not again while it holds unchanged', () => {
    const book = new ConditionBook();
    const out: Signal[] = [];
    book.hold(key, late(100), subject, 1, out);
    book.hold(key, late(100), subject, 1, out);
    expect(out.map((s) => s.change)).toEqual(['open']);
  });

  it('signals an update when the details change', () => {
    const book = new ConditionBook();
    const out: Signal[] = [];
    book.hold(key, late(100), subject, 1, out);
    book.hold(key, late(100, 2), subject, 2, out);
    expect(out.map((s) => s.change)).toEqual(['open', 'update']);
  });

  it('signals a resolve with the closing details when it ends', () => {
    const book = new ConditionBook();
    const out: Signal[] = [];
    book.hold(key, late(100), subject, 1, out);
    book.release(key, out, late(200));
    expect(out[1]).toEqual({ ...late(200), subject, active: false, change: 'resolve' });
    expect(book.size).toBe(0);
  });

  it('keys conditions by kind and subject', () => {
    expect(conditionKey('late', { stopId: 9 })).toBe('late:s9');
    expect(conditionKey('stalled', { courierId: 9 })).toBe('stalled:c9');
    expect(conditionKey('hub_sla', { hubId: 9 })).toBe('hub_sla:h9');
  });
});
