import type { AlertView } from '@dispatch/shared';
import { describe, expect, test } from 'vitest';
import { AlertFeed, ageLabel } from './alerts.svelte';

const T0 = 1_700_000_000_000;

function alert(id: number, overrides: Partial<AlertView> = {}): AlertView {
  return {
    id,
    kind: 'stalled',
    severity: 'warning',
    courierId: id,
    stopId: null,
    hubId: null,
    openedAt: T0 + id * 1000,
    acknowledgedAt: null,
    acknowledgedBy: null,
    escalatedAt: null,
    resolvedAt: null,
    details: {},
    ...overrides,
  };
}

describe('AlertFeed', () => {
  test('sorts by severity, then newest first', () => {
    const feed = new AlertFeed();
    feed.replaceAll([
      alert(1),
      alert(2),
      alert(3, { severity: 'critical' }),
      alert(4, { severity: 'info' }),
    ]);
    expect(feed.open.map((a) => a.id)).toEqual([3, 2, 1, 4]);
  });

  test('a resolved alert leaves the feed', () => {
    const feed = new AlertFeed();
    feed.replaceAll([alert(1), alert(2)]);
    feed.upsert(alert(1, { resolvedAt: T0 + 5000 }));
    expect(feed.open.map((a) => a.id)).toEqual([2]);
  });

  test('acknowledging shows at once and keeps the server version', async () => {
    const feed = new AlertFeed();
    feed.replaceAll([alert(1)]);
    let seenWhilePending: number | null = null;
    const ok = await feed.acknowledge(
      1,
      async (id) => {
        seenWhilePending = feed.get(id)!.acknowledgedAt;
        return alert(1, { acknowledgedAt: T0 + 9000, acknowledgedBy: 5 });
      },
      5,
      T0 + 8000,
    );
    expect(ok).toBe(true);
    expect(seenWhilePending).toBe(T0 + 8000);
    expect(feed.get(1)!.acknowledgedAt).toBe(T0 + 9000);
  });

  test('a refused acknowledgement rolls back and keeps the reason', async () => {
    const feed = new AlertFeed();
    feed.replaceAll([alert(1)]);
    const ok = await feed.acknowledge(1, async () => Promise.reject(new Error('forbidden')), 5);
    expect(ok).toBe(false);
    expect(feed.get(1)!.acknowledgedAt).toBeNull();
    expect(feed.ackErrors.get(1)).toBe('forbidden');
  });

  test('a rollback does not undo a newer version pushed by the server meanwhile', async () => {
    const feed = new AlertFeed();
    feed.replaceAll([alert(1)]);
    await feed.acknowledge(
      1,
      async () => {
        feed.upsert(alert(1, { acknowledgedAt: T0, acknowledgedBy: 9 }));
        throw new Error('timeout');
      },
      5,
    );
    expect(feed.get(1)!.acknowledgedBy).toBe(9);
  });

  test('next and previous walk the sorted feed and stop at its ends', () => {
    const feed = new AlertFeed();
    feed.replaceAll([alert(1), alert(2), alert(3)]);
    feed.selectNext();
    expect(feed.selected?.id).toBe(3);
    feed.selectNext();
    feed.selectNext();
    feed.selectNext();
    expect(feed.selected?.id).toBe(1);
    feed.selectPrevious();
    expect(feed.selected?.id).toBe(2);
  });

  test('couriers with open alerts are known for the map', () => {
    const feed = new AlertFeed();
    feed.replaceAll([alert(1), alert(2, { courierId: null, stopId: 4 })]);
    expect([...feed.courierIdsWithAlerts]).toEqual([1]);
  });
});

describe('ageLabel', () => {
  test('seconds, minutes, hours', () => {
    expect(ageLabel(T0, T0 + 42_000)).toBe('42 s');
    expect(ageLabel(T0, T0 + 12 * 60_000)).toBe('12 min');
    expect(ageLabel(T0, T0 + 125 * 60_000)).toBe('2 h 5 min');
  });
});
