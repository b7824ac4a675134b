import type { ConsoleUser, Hub } from '@dispatch/shared';
import { consoleTime, type HourCycle } from './console-time.svelte';

export { localeHourCycle, type HourCycle } from './console-time.svelte';

/**
 * The console's one way of writing times: in the hub's time zone (the session's hub by default,
 * see `consoleTime`) and in the hour cycle of the user's locale, the same on every panel.
 */
export interface ClockOptions {
  /** IANA zone; the session hub's by default (the browser's until it is known). */
  timeZone?: string | undefined;
  hourCycle?: HourCycle;
  /** BCP 47 locale for the words around the digits (AM/PM, month names); the browser's by default. */
  locale?: string | undefined;
}

const formats = new Map<string, Intl.DateTimeFormat>();

function formatFor(kind: string, options: ClockOptions, fields: Intl.DateTimeFormatOptions) {
  const timeZone = options.timeZone ?? consoleTime.timeZone;
  const hourCycle = options.hourCycle ?? consoleTime.hourCycle;
  const key = `${kind}|${timeZone ?? ''}|${hourCycle}|${options.locale ?? ''}`;
  let format = formats.get(key);
  if (!format) {
    const make = (zone: string | undefined) =>
      new Intl.DateTimeFormat(options.locale, {
        ...fields,
        hourCycle,
        ...(zone ? { timeZone: zone } : {}),
      });
    try {
      format = make(timeZone);
    } catch {
      format = make(undefined); // An unknown zone reads in the browser's rather than failing a panel.
    }
    formats.set(key, format);
  }
  return format;
}

/** Hours and minutes of an instant: `14:05`, or `2:05 PM` in a 12-hour locale. */
export function clockTime(epochMs: number, options: ClockOptions = {}): string {
  const h12 = (options.hourCycle ?? consoleTime.hourCycle) === 'h12';
  return formatFor('time', options, {
    hour: h12 ? 'numeric' : '2-digit',
    minute: '2-digit',
  }).format(epochMs);
}

/** The hour alone, for chart axes: `14`, or `2 PM`. */
export function hourLabel(epochMs: number, options: ClockOptions = {}): string {
  const h12 = (options.hourCycle ?? consoleTime.hourCycle) === 'h12';
  return formatFor('hour', options, { hour: h12 ? 'numeric' : '2-digit' }).format(epochMs);
}

/** Day and time, for tooltips: `Tue 14 Jan, 14:05` (words and order by the locale). */
export function dateTimeLabel(epochMs: number, options: ClockOptions = {}): string {
  const h12 = (options.hourCycle ?? consoleTime.hourCycle) === 'h12';
  return formatFor('datetime', options, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    hour: h12 ? 'numeric' : '2-digit',
    minute: '2-digit',
  }).format(epochMs);
}

/** The zone's short name at an instant, as the locale writes it: `JST`, `GMT+9`, `EST`. */
export function zoneAbbreviation(epochMs: number, options: ClockOptions = {}): string {
  const parts = formatFor('zone', options, {
    hour: 'numeric',
    timeZoneName: 'short',
  }).formatToParts(epochMs);
  return parts.find((p) => p.type === 'timeZoneName')?.value ?? '';
}

const DAY_MINUTES = 1440;

/** A minute of the hub's day (a shift's start or end) written like every other time. */
export function wallClockMinute(minute: number, options: Omit<ClockOptions, 'timeZone'> = {}) {
  const wrapped = ((Math.round(minute) % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES;
  return clockTime(wrapped * 60_000, { ...options, timeZone: 'UTC' });
}

/** The minute of the day an instant falls on in the zone (0–1439). */
export function minuteOfDay(epochMs: number, options: Pick<ClockOptions, 'timeZone'> = {}): number {
  const parts = formatFor(
    'minute',
    { ...options, hourCycle: 'h23', locale: 'en-US' },
    {
      hour: 'numeric',
      minute: 'numeric',
    },
  ).formatToParts(epochMs);
  const field = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return field('hour') * 60 + field('minute');
}

/** A 24-hour `HH:mm` not part of an order reference, a longer time or a number. */
const SERVER_TIME = /(?<![#\w:.])([01]\d|2[0-3]):([0-5]\d)(?![\w:])/g;

/**
 * A server-written text (its times already in the hub's zone, 24-hour `HH:mm`) with its times in
 * the console's hour cycle, so that one screen shows one format: unchanged in a 24-hour locale,
 * `14:32` → `2:32 PM` in a 12-hour one.
 */
export function localizeServerTimes(text: string, options: Omit<ClockOptions, 'timeZone'> = {}) {
  if ((options.hourCycle ?? consoleTime.hourCycle) === 'h23') return text;
  return text.replace(SERVER_TIME, (_, h: string, m: string) =>
    wallClockMinute(Number(h) * 60 + Number(m), options),
  );
}

/** The hub whose clock the console shows: a dispatcher's own hub, else the first hub. */
export function sessionHub(
  user: Pick<ConsoleUser, 'hubId'>,
  hubs: readonly Pick<Hub, 'id' | 'timezone' | 'name'>[],
): Pick<Hub, 'id' | 'timezone' | 'name'> | null {
  return hubs.find((h) => h.id === user.hubId) ?? hubs[0] ?? null;
}

/** Makes the session hub's zone the default of every time the console writes. */
export function useSessionHub(
  user: Pick<ConsoleUser, 'hubId'>,
  hubs: readonly Pick<Hub, 'id' | 'timezone' | 'name'>[],
): void {
  const hub = sessionHub(user, hubs);
  consoleTime.timeZone = hub?.timezone;
  consoleTime.hubName = hub?.name ?? null;
}
