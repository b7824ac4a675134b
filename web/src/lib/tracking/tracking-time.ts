import type { CustomerLanguage, RescheduleOption } from '@dispatch/shared';
import { clockTime, localeHourCycle, type HourCycle } from '../ui/clock-time';

/**
 * How the tracking page writes times: always in the hub's time zone (the promise is the hub's
 * clock), in the order's language, with the reader's own variant of it when the browser has one
 * (en-GB keeps its 24-hour clock).
 */
export interface TrackingClock {
  timeZone: string;
  locale: string;
  hourCycle: HourCycle;
}

export function trackingClock(
  language: CustomerLanguage,
  timeZone: string,
  browser: readonly string[],
): TrackingClock {
  const base = language.toLowerCase().split('-')[0];
  const locale = browser.find((tag) => tag.toLowerCase().split('-')[0] === base) ?? language;
  return { timeZone, locale, hourCycle: localeHourCycle(locale) };
}

/** `14:20`, or `2:20 PM` in a 12-hour locale, in the hub's zone. */
export function timeText(epochMs: number, clock: TrackingClock): string {
  return clockTime(epochMs, clock);
}

const formats = new Map<string, Intl.DateTimeFormat>();

function dateFormat(
  clock: Pick<TrackingClock, 'locale' | 'timeZone'>,
  fields: Intl.DateTimeFormatOptions,
  kind: string,
) {
  const key = `${kind}|${clock.locale}|${clock.timeZone}`;
  let format = formats.get(key);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(clock.locale, { ...fields, timeZone: clock.timeZone });
    } catch {
      format = new Intl.DateTimeFormat(clock.locale, fields); // an unknown zone: the browser's
    }
    formats.set(key, format);
  }
  return format;
}

/** The hub-local calendar date of an instant, `YYYY-MM-DD`. */
export function localDate(epochMs: number, clock: Pick<TrackingClock, 'timeZone'>): string {
  const parts = dateFormat(
    { ...clock, locale: 'en-US' },
    { year: 'numeric', month: '2-digit', day: '2-digit' },
    'date',
  ).formatToParts(epochMs);
  const field = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return `${field('year')}-${field('month')}-${field('day')}`;
}

/** The calendar date after `date` (`YYYY-MM-DD`). */
function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/** A day inside a sentence: `Tue 14 Jan` (words and order by the locale). */
export function dayText(epochMs: number, clock: TrackingClock): string {
  return dateFormat(clock, { weekday: 'short', day: 'numeric', month: 'short' }, 'day').format(
    epochMs,
  );
}

/** A day as a heading: `Wednesday 15 January`. */
export function longDayText(epochMs: number, clock: TrackingClock): string {
  return dateFormat(clock, { weekday: 'long', day: 'numeric', month: 'long' }, 'long').format(
    epochMs,
  );
}

/** Whether an instant falls on the hub's today. */
export function isToday(epochMs: number, nowMs: number, clock: TrackingClock): boolean {
  return localDate(epochMs, clock) === localDate(nowMs, clock);
}

/** A window's start and end as the page writes them. */
export function windowTimes(
  window: { start: number; end: number },
  clock: TrackingClock,
): { start: string; end: string } {
  return { start: timeText(window.start, clock), end: timeText(window.end, clock) };
}

/** Reschedule options of one hub-local day, earliest first. */
export interface OptionDay {
  /** `YYYY-MM-DD` in the hub's zone. */
  date: string;
  /** `today`, `tomorrow`, or a later day to be written out. */
  relative: 'today' | 'tomorrow' | 'later';
  options: RescheduleOption[];
}

/** The offered windows grouped by the hub-local day they start on, days and windows in order. */
export function optionsByDay(
  options: readonly RescheduleOption[],
  nowMs: number,
  clock: Pick<TrackingClock, 'timeZone'>,
): OptionDay[] {
  const today = localDate(nowMs, clock);
  const tomorrow = nextDate(today);
  const days = new Map<string, RescheduleOption[]>();
  for (const option of [...options].sort((a, b) => a.start - b.start || a.end - b.end)) {
    const date = localDate(option.start, clock);
    const list = days.get(date) ?? [];
    list.push(option);
    days.set(date, list);
  }
  return [...days.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([date, list]) => ({
      date,
      relative: date === today ? 'today' : date === tomorrow ? 'tomorrow' : 'later',
      options: list,
    }));
}
