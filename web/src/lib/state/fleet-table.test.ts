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
