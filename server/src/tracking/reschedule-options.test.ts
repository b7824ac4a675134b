import { describe, expect, it } from 'vitest';
import { DomainError, epochToZonedLocal, type WindowSlot } from '@dispatch/shared';
import {
  RESCHEDULE_DAYS,
  checkedSlots,
  slotWindows,
  withRoom,
  type SlotWindow,
} from './reschedule-options';

const MIN = 60_000;
const HOUR = 60 * MIN;
const MORNING: WindowSlot = { startMinute: 9 * 60, endMinute: 12 * 60, capacity: 10 };
const EVENING: WindowSlot = { startMinute: 18 * 60, endMinute: 24 * 60, capacity: 5 };

const local = (ms: number, zone: string) => epochToZonedLocal(ms, zone);

describe('the windows a customer is offered', () => {
  it('lays the hub’s slots on today and the next six days in UTC, soonest first', () => {
    const now = Date.UTC(2025, 4, 2, 7, 0);
    const windows = slotWindows([EVENING, MORNING], 'UTC', now);
    expect(windows).toHaveLength(2 * RESCHEDULE_DAYS);
    expect(windows[0]).toEqual({
      start: Date.UTC(2025, 4, 2, 9),
      end: Date.UTC(2025, 4, 2, 12),
      capacity: 10,
    });
    // A slot up to midnight ends at the next day's start.
    expect(windows[1]!.end).toBe(Date.UTC(2025, 4, 3, 0));
    expect(windows.at(-1)!.start).toBe(Date.UTC(2025, 4, 8, 18));
  });

  it('keeps local hours in a zone west of UTC (America/Campo_Grande, UTC−4 all year)', () => {
    const zone = 'America/Campo_Grande';
    // 06:00 local on 2 May.
    const now = Date.UTC(2025, 4, 2, 10, 0);
    const [first, second] = slotWindows([MORNING], zone, now);
    expect(local(first!.start, zone)).toBe('2025-05-02T09:00');
    expect(local(first!.end, zone)).toBe('2025-05-02T12:00');
    expect(first!.start).toBe(Date.UTC(2025, 4, 2, 13));
    expect(second!.start - first!.start).toBe(24 * HOUR);
  });

  it('starts at least an hour from now: a slot starting sooner is left out today', () => {
    const zone = 'America/Campo_Grande';
    // 08:01 local: the 09:00 slot starts in 59 minutes.
    const now = Date.UTC(2025, 4, 2, 12, 1);
    const windows = slotWindows([MORNING], zone, now);
    expect(windows).toHaveLength(RESCHEDULE_DAYS - 1);
    expect(local(windows[0]!.start, zone)).toBe('2025-05-03T09:00');
    // At exactly an hour before, it is still offered.
    expect(slotWindows([MORNING], zone, Date.UTC(2025, 4, 2, 12, 0))).toHaveLength(RESCHEDULE_DAYS);
  });

  it('crosses a month end on local dates, not UTC ones', () => {
    const zone = 'America/Campo_Grande';
    // 22:00 local on 31 May is already 1 June in UTC.
    const now = Date.UTC(2025, 5, 1, 2, 0);
    const windows = slotWindows([MORNING], zone, now);
    expect(local(windows[0]!.start, zone)).toBe('2025-06-01T09:00');
    expect(windows).toHaveLength(RESCHEDULE_DAYS - 1);
  });

  it('offers nothing without slots', () => {
    expect(slotWindows([], 'UTC', Date.UTC(2025, 4, 2))).toEqual([]);
  });
});

describe('room left in a window', () => {
  const windows: SlotWindow[] = [
    { start: 1, end: 2, capacity: 3 },
    { start: 3, end: 4, capacity: 1 },
    { start: 5, end: 6, capacity: 2 },
  ];

  it('is its capacity less the stops already in it; full windows are left out', () => {
    const booked = new Map([
      [1, 2],
      [3, 1],
    ]);
    expect(withRoom(windows, (w) => booked.get(w.start) ?? 0)).toEqual([
      { start: 1, end: 2, left: 1 },
      { start: 5, end: 6, left: 2 },
    ]);
  });

  it('leaves out a window overbooked by other means', () => {
    expect(withRoom([windows[1]!], () => 4)).toEqual([]);
  });
});

describe('a hub’s slots as saved', () => {
  const problem = (slots: WindowSlot[]) => {
    try {
      checkedSlots(slots);
      return null;
    } catch (err) {
      return err;
    }
  };

  it('come back soonest first; touching slots are fine', () => {
    const noon: WindowSlot = { startMinute: 12 * 60, endMinute: 14 * 60, capacity: 4 };
    expect(checkedSlots([noon, MORNING])).toEqual([MORNING, noon]);
  });

  it('refuse a slot that ends before it starts or when it starts', () => {
    for (const endMinute of [9 * 60, 8 * 60]) {
      const err = problem([{ ...MORNING, endMinute }]);
      expect(err).toBeInstanceOf(DomainError);
      expect(err).toMatchObject({ code: 'invalid', details: [{ path: '/slots/0' }] });
    }
  });

  it('refuse overlapping slots, naming both', () => {
    const err = problem([MORNING, { startMinute: 11 * 60, endMinute: 13 * 60, capacity: 1 }]);
    expect(err).toMatchObject({ code: 'invalid', details: [{ path: '/slots/1' }] });
    expect((err as Error).message).toContain('09:00–12:00');
    expect((err as Error).message).toContain('11:00–13:00');
  });
});
