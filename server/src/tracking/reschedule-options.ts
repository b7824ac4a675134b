import {
  DomainError,
  zonedDate,
  zonedLocalToEpochMs,
  type RescheduleOption,
  type WindowSlot,
} from '@dispatch/shared';

/**
 * The windows a customer may move a delivery to, pure: a hub's daily slots laid on its next
 * local days, and the slots' own rules.
 */

/** Local days offered: today and the six after it. */
export const RESCHEDULE_DAYS = 7;

/** A window offered starts at least this long from now, so the hub can plan it. */
export const RESCHEDULE_LEAD_MS = 3_600_000;

/** A slot on one day: its window and how many stops it takes. */
export interface SlotWindow {
  start: number;
  end: number;
  capacity: number;
}

const DAY_MS = 86_400_000;

/** `YYYY-MM-DD` plus whole days. */
function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Epoch ms of minute `minute` after local midnight of `date` in the zone (1440: the next midnight). */
export function localMinuteToEpochMs(date: string, minute: number, timeZone: string): number {
  const day = addDays(date, Math.floor(minute / 1440));
  const m = minute % 1440;
  const hh = String(Math.floor(m / 60)).padStart(2, '0');
  const mm = String(m % 60).padStart(2, '0');
  return zonedLocalToEpochMs(`${day}T${hh}:${mm}`, timeZone)!;
}

/**
 * The hub's slots on today and the next days in its zone, soonest first, each starting at least
 * {@link RESCHEDULE_LEAD_MS} from now. A slot's hours are local: on a day the clocks change the
 * window keeps its hours, not its length.
 */
export function slotWindows(
  slots: readonly WindowSlot[],
  timeZone: string,
  nowMs: number,
  days = RESCHEDULE_DAYS,
): SlotWindow[] {
  const today = zonedDate(nowMs, timeZone);
  const windows: SlotWindow[] = [];
  for (let d = 0; d < days; d++) {
    const date = addDays(today, d);
    for (const slot of slots) {
      const start = localMinuteToEpochMs(date, slot.startMinute, timeZone);
      if (start < nowMs + RESCHEDULE_LEAD_MS) continue;
      const end = localMinuteToEpochMs(date, slot.endMinute, timeZone);
      windows.push({ start, end, capacity: slot.capacity });
    }
  }
  return windows.sort((a, b) => a.start - b.start || a.end - b.end);
}

/** The windows with room left, given how many stops each already has; full ones left out. */
export function withRoom(
  windows: readonly SlotWindow[],
  booked: (window: SlotWindow) => number,
): RescheduleOption[] {
  const options: RescheduleOption[] = [];
  for (const w of windows) {
    const left = w.capacity - booked(w);
    if (left > 0) options.push({ start: w.start, end: w.end, left });
  }
  return options;
}

/**
 * A hub's slots as they may be saved, soonest first: each ends after it starts and none overlaps
 * another (one touching the next is fine). Anything else is `invalid`, naming the slot.
 */
export function checkedSlots(slots: readonly WindowSlot[]): WindowSlot[] {
  const sorted = [...slots].sort((a, b) => a.startMinute - b.startMinute);
  for (const [i, slot] of sorted.entries()) {
    if (slot.endMinute <= slot.startMinute)
      throw new DomainError('invalid', `the slot ${label(slot)} ends before it starts`, [
        { path: `/slots/${slots.indexOf(slot)}`, message: 'end must be after start' },
      ]);
    const next = sorted[i + 1];
    if (next && next.startMinute < slot.endMinute)
      throw new DomainError('invalid', `the slots ${label(slot)} and ${label(next)} overlap`, [
        { path: `/slots/${slots.indexOf(next)}`, message: `overlaps ${label(slot)}` },
      ]);
  }
  return sorted;
}

/** `09:00–12:00`. */
function label(slot: WindowSlot): string {
  const hm = (minute: number) =>
    `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`;
  return `${hm(slot.startMinute)}–${hm(slot.endMinute)}`;
}
