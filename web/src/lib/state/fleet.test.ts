import { encodeFleetColumns } from '@dispatch/shared';
import { describe, expect, test } from 'vitest';
import { delta, fix, profile } from './fleet-fixtures';
import { Fleet, isOnShift } from './fleet.svelte';

const T0 = 1_700_000_000_000;

function liveFleet(options: { tickMs?: number; staleAfterTicks?: number } = {}): Fleet {
  const fleet = new Fleet(options);
  fleet.setLive(true);
  return fleet;
}

describe('Fleet', () => {
  test('a snapshot replaces the whole fleet', () => {
    const fleet = liveFleet();
    fleet.applySnapshot(encodeFleetColumns([fix(1, T0), fix(2, T0)], T0), T0);
    fleet.applySnapshot(encodeFleetColumns([fix(3, T0)], T0), T0);
    expect(Object.keys(fleet.positions())).toEqual(['3']);
  });

  test('queued deltas change nothing until the flush', () => {
    const fleet = liveFleet();
    fleet.queueDelta(delta('A', T0, [fix(1, T0, 1, 1)]), T0);
    expect(fleet.positions()).toEqual({});
    expect(fleet.pendingCount).toBe(1);
    fleet.flush(T0);
    expect(fleet.positions()[1]).toMatchObject({ lat: 1, lng: 1 });
  });

  test('the version bumps once per flush however many deltas were queued', () => {
    const fleet = liveFleet();
    const before = fleet.version;
    for (let i = 0; i < 20; i++) fleet.queueDelta(delta('A', T0 + i, [fix(i + 1, T0 + i)]), T0 + i);
    expect(fleet.flush(T0 + 20)).toBe(true);
    expect(fleet.version).toBe(before + 1);
  });

  test('the latest fix per courier wins within a flush', () => {
    const fleet = liveFleet();
    fleet.queueDelta(delta('A', T0 + 1000, [fix(1, T0 + 1000, 2, 2)]), T0 + 1000);
    fleet.queueDelta(delta('B', T0 + 500, [fix(1, T0 + 500, 1, 1)]), T0 + 1000);
    fleet.flush(T0 + 1000);
    expect(fleet.positions()[1]).toMatchObject({ lat: 2, lng: 2 });
  });

  test('a courier that left the view is removed', () => {
    const fleet = liveFleet();
    fleet.queueDelta(delta('A', T0, [fix(1, T0), fix(2, T0)]), T0);
    fleet.queueDelta(delta('A', T0 + 500, [], [2]), T0 + 500);
    fleet.flush(T0 + 500);
    expect(Object.keys(fleet.positions())).toEqual(['1']);
  });

  test('a fix older than the stale limit is stale, and everything is when the stream is down', () => {
    const fleet = liveFleet({ tickMs: 500, staleAfterTicks: 4 });
    fleet.applySnapshot(encodeFleetColumns([fix(1, T0 - 3000), fix(2, T0)], T0), T0);
    const slot = (id: number) => fleet.table.slotOf(id)!;
    expect(fleet.isStaleSlot(slot(1), T0)).toBe(true);
    expect(fleet.isStaleSlot(slot(2), T0)).toBe(false);
    fleet.setLive(false);
    expect(fleet.isStaleSlot(slot(2), T0)).toBe(true);
  });

  test('a courier going stale bumps the version even without deltas', () => {
    const fleet = liveFleet({ tickMs: 500, staleAfterTicks: 4 });
    fleet.applySnapshot(encodeFleetColumns([fix(1, T0)], T0), T0);
    const before = fleet.version;
    expect(fleet.flush(T0 + 1500)).toBe(false);
    expect(fleet.flush(T0 + 3000)).toBe(true);
    expect(fleet.version).toBe(before + 1);
  });

  test('the list merges the roster with live couriers, filtered by status and name', () => {
    const fleet = liveFleet();
    fleet.setRoster([profile(1, 'Bruna'), profile(2, 'Ana', { status: 'offline' })]);
    fleet.applySnapshot(encodeFleetColumns([fix(1, T0, 0, 0, 'at_stop'), fix(7, T0)], T0), T0);
    expect(fleet.rows.map((r) => [r.id, r.status, r.inView])).toEqual([
      [2, 'offline', false],
      [1, 'at_stop', true],
      [7, 'en_route', true],
    ]);
    fleet.statusFilter = new Set(['at_stop', 'offline']);
    expect(fleet.rows.map((r) => r.id)).toEqual([2, 1]);
    fleet.search = 'bru';
    expect(fleet.rows.map((r) => r.id)).toEqual([1]);
  });

  test('off-shift couriers can be hidden', () => {
    const fleet = liveFleet();
    const minute = new Date().getHours() * 60 + new Date().getMinutes();
    const offShift = {
      shiftStartMinute: (minute + 60) % 1440,
      shiftEndMinute: (minute + 120) % 1440,
    };
    fleet.setRoster([profile(1, 'On'), profile(2, 'Off', offShift)]);
    fleet.hideOffShift = true;
    expect(fleet.rows.map((r) => r.id)).toEqual([1]);
  });

  test('a delta moving all 10,000 couriers applies in one flush', () => {
    const fleet = liveFleet();
    const rows = Array.from({ length: 10_000 }, (_, i) => fix(i + 1, T0, -20 + i * 1e-4, -54));
    fleet.applySnapshot(encodeFleetColumns(rows, T0), T0);
    const moved = rows.map((r) => ({ ...r, t: T0 + 500, lat: r.lat + 1e-4 }));
    fleet.queueDelta(delta('A', T0 + 500, moved), T0 + 500);
    const before = fleet.version;
    fleet.flush(T0 + 500);
    expect(fleet.version).toBe(before + 1);
    expect(fleet.table.count).toBe(10_000);
    expect(fleet.positions()[10_000]!.lat).toBeCloseTo(-20 + 9_999e-4 + 1e-4, 6);
  });

  test('moves alone leave the courier list as it was', () => {
    const fleet = liveFleet();
    fleet.applySnapshot(encodeFleetColumns([fix(1, T0)], T0), T0);
    const rows = fleet.rows;
    const listVersion = fleet.listVersion;
    fleet.queueDelta(delta('A', T0 + 500, [fix(1, T0 + 500, 1, 1)]), T0 + 500);
    fleet.flush(T0 + 500);
    expect(fleet.listVersion).toBe(listVersion);
    expect(fleet.rows).toBe(rows);
  });

  test('a status change rebuilds the courier list', () => {
    const fleet = liveFleet();
    fleet.applySnapshot(encodeFleetColumns([fix(1, T0)], T0), T0);
    fleet.queueDelta(delta('A', T0 + 500, [fix(1, T0 + 500, 0, 0, 'at_stop')]), T0 + 500);
    fleet.flush(T0 + 500);
    expect(fleet.rows.map((r) => r.status)).toEqual(['at_stop']);
  });

  test('a courier going stale rebuilds the courier list', () => {
    const fleet = liveFleet({ tickMs: 500, staleAfterTicks: 4 });
    fleet.applySnapshot(encodeFleetColumns([fix(1, T0)], T0), T0);
    expect(fleet.rows[0]!.stale).toBe(false);
    fleet.flush(T0 + 3000);
    expect(fleet.rows[0]!.stale).toBe(true);
  });
});

describe('isOnShift', () => {
  test('a day shift', () => {
    expect(isOnShift(480, 1020, 600)).toBe(true);
    expect(isOnShift(480, 1020, 1020)).toBe(false);
  });

  test('a shift past midnight', () => {
    expect(isOnShift(1320, 360, 30)).toBe(true);
    expect(isOnShift(1320, 360, 720)).toBe(false);
  });
});
