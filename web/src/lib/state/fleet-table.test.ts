import { encodeFleetColumns } from '@dispatch/shared';
import { describe, expect, test } from 'vitest';
import { fix } from './fleet-fixtures';
import { FleetTable, UNKNOWN_ROOM } from './fleet-table';

const T0 = 1_700_000_000_000;

describe('FleetTable', () => {
  test('a newer fix glides from where the marker is drawn to the new position', () => {
    const table = new FleetTable(1000);
    table.applyColumns(encodeFleetColumns([fix(1, T0, 0, 0)], T0), T0, T0, 0, false);
    table.applyColumns(
      encodeFleetColumns([fix(1, T0 + 1000, 1, 2)], T0 + 1000),
      T0 + 1000,
      T0 + 1000,
      0,
      true,
    );
    const slot = table.slotOf(1)!;
    expect(table.lngLatAt(slot, T0 + 1000, [0, 0])).toEqual([0, 0]);
    expect(table.lngLatAt(slot, T0 + 1500, [0, 0])).toEqual([1, 0.5]);
    expect(table.lngLatAt(slot, T0 + 5000, [0, 0])).toEqual([2, 1]);
    expect(table.animateUntil).toBe(T0 + 2000);
  });

  test('an older fix never moves a courier back', () => {
    const table = new FleetTable();
    table.applyColumns(
      encodeFleetColumns([fix(1, T0 + 5000, 1, 1)], T0 + 5000),
      T0 + 5000,
      T0,
      0,
      false,
    );
    const changed = table.applyColumns(encodeFleetColumns([fix(1, T0, 9, 9)], T0), T0, T0, 0, true);
    expect(changed).toBe(0);
    expect(table.toLat[table.slotOf(1)!]).toBe(1);
  });

  test('removing a courier keeps the others findable by id', () => {
    const table = new FleetTable(500, 2);
    const rows = [fix(1, T0, 1, 1), fix(2, T0, 2, 2), fix(3, T0, 3, 3)];
    table.applyColumns(encodeFleetColumns(rows, T0), T0, T0, 0, false);
    table.removeGone([1], 0);
    expect(table.count).toBe(2);
    expect(table.slotOf(1)).toBeUndefined();
    expect(table.toLat[table.slotOf(3)!]).toBe(3);
    expect(table.toLat[table.slotOf(2)!]).toBe(2);
  });

  test('a courier that moved to another room in view is not removed by the old room', () => {
    const table = new FleetTable();
    const a = table.roomIndex('A');
    const b = table.roomIndex('B');
    table.applyColumns(encodeFleetColumns([fix(1, T0)], T0), T0, T0, b, true);
    expect(table.removeGone([1], a)).toBe(0);
    expect(table.removeGone([1], b)).toBe(1);
  });

  test('a courier from a snapshot (room unknown) leaves on any gone', () => {
    const table = new FleetTable();
    table.applyColumns(encodeFleetColumns([fix(1, T0)], T0), T0, T0, UNKNOWN_ROOM, false);
    expect(table.removeGone([1], table.roomIndex('A'))).toBe(1);
  });
});

describe('FleetTable revisions', () => {
  const apply = (table: FleetTable, rows: ReturnType<typeof fix>[], at: number) =>
    table.applyColumns(encodeFleetColumns(rows, at), at, at, 0, true);

  test('a fix marks its slot with the new revision; untouched slots keep theirs', () => {
    const table = new FleetTable();
    apply(table, [fix(1, T0), fix(2, T0)], T0);
    const first = table.revision;
    apply(table, [fix(2, T0 + 500, 1, 1)], T0 + 500);
    expect(table.revision).toBeGreaterThan(first);
    expect(table.slotRevision[table.slotOf(2)!]).toBe(table.revision);
    expect(table.slotRevision[table.slotOf(1)!]).toBe(first);
  });

  test('an ignored older fix leaves the revision alone', () => {
    const table = new FleetTable();
    apply(table, [fix(1, T0 + 500)], T0 + 500);
    const before = table.revision;
    apply(table, [fix(1, T0)], T0);
    expect(table.revision).toBe(before);
  });

  test('removing a courier marks the slot the last courier moved into', () => {
    const table = new FleetTable();
    apply(table, [fix(1, T0), fix(2, T0), fix(3, T0)], T0);
    const before = table.revision;
    table.removeGone([1], 0);
    expect(table.slotOf(3)).toBe(0);
    expect(table.slotRevision[0]).toBeGreaterThan(before);
  });

  test('the list revision moves when couriers join, leave or change status, not when they move', () => {
    const table = new FleetTable();
    apply(table, [fix(1, T0), fix(2, T0)], T0);
    const joined = table.listRevision;
    apply(table, [fix(1, T0 + 500, 1, 1)], T0 + 500);
    expect(table.listRevision).toBe(joined);
    apply(table, [fix(1, T0 + 1000, 1, 1, 'at_stop')], T0 + 1000);
    expect(table.listRevision).toBe(joined + 1);
    table.removeGone([2], 0);
    expect(table.listRevision).toBe(joined + 2);
  });
});
