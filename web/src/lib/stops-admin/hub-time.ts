import { epochToZonedLocal, zonedDate, zonedLocalToEpochMs } from '@dispatch/shared';

/** `09:30` in the hub's time zone. */
export function hubClock(epochMs: number | null, timeZone: string): string {
  if (epochMs === null) return '—';
  return epochToZonedLocal(epochMs, timeZone).slice(11);
}

/**
 * `2 May 09:30` in the hub's time zone (the date only when it is not `today`), the month named in
 * `locale`.
 */
export function hubDateTime(
  epochMs: number | null,
  timeZone: string,
  locale: string,
  today?: string,
): string {
  if (epochMs === null) return '—';
  const local = epochToZonedLocal(epochMs, timeZone);
  if (today && local.startsWith(today)) return local.slice(11);
  const [, month, day] = local.slice(0, 10).split('-').map(Number) as [number, number, number];
  const name = new Date(Date.UTC(2000, month - 1, 1)).toLocaleString(locale, {
    month: 'short',
    timeZone: 'UTC',
  });
  return `${day} ${name} ${local.slice(11)}`;
}

/**
 * A window in the hub's time: `10:00–12:00` today, `4 Dec 10:00–12:00` on another day, and both
 * dates when it spans midnight; months named in `locale`.
 */
export function hubWindow(
  start: number | null,
  end: number | null,
  timeZone: string,
  locale: string,
  today: string = zonedDate(Date.now(), timeZone),
): string {
  const at = (epochMs: number | null) => hubDateTime(epochMs, timeZone, locale, today);
  if (start === null || end === null) return `${at(start)}–${at(end)}`;
  const sameDay = zonedDate(start, timeZone) === zonedDate(end, timeZone);
  return `${at(start)}–${sameDay ? hubClock(end, timeZone) : at(end)}`;
}

/** A `datetime-local` value read in the hub's zone, as epoch ms; null when empty or not a time. */
export function fromHubInput(value: string, timeZone: string): number | null {
  return value ? zonedLocalToEpochMs(value, timeZone) : null;
}
