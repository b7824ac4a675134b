import { afterEach, describe, expect, it } from 'vitest';
import {
  clockTime,
  dateTimeLabel,
  hourLabel,
  localeHourCycle,
  localizeServerTimes,
  minuteOfDay,
  sessionHub,
  useSessionHub,
  wallClockMinute,
  zoneAbbreviation,
} from './clock-time';
import { consoleTime } from './console-time.svelte';

/** 2025-01-15 05:05 UTC: 14:05 in Tokyo, 01:05 in Campo Grande. */
const AT = Date.UTC(2025, 0, 15, 5, 5);
/** Spaces as some ICU versions write them before AM/PM (narrow no-break). */
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

const hubs = [
  { id: 1, name: 'Campo Grande', timezone: 'America/Campo_Grande' },
  { id: 2, name: 'Tokyo', timezone: 'Asia/Tokyo' },
];

afterEach(() => {
  consoleTime.timeZone = undefined;
  consoleTime.hubName = null;
  consoleTime.hourCycle = 'h23';
});

describe('clockTime', () => {
  it('writes an instant in the zone it is given, whatever the browser’s', () => {
    expect(clockTime(AT, { timeZone: 'Asia/Tokyo', hourCycle: 'h23', locale: 'en-GB' })).toBe(
      '14:05',
    );
    expect(
      clockTime(AT, { timeZone: 'America/Campo_Grande', hourCycle: 'h23', locale: 'en-GB' }),
    ).toBe('01:05');
  });

  it('writes 12-hour times with AM/PM when the locale reads them so', () => {
    const text = clockTime(AT, { timeZone: 'Asia/Tokyo', hourCycle: 'h12', locale: 'en-US' });
    expect(plain(text)).toBe('2:05 PM');
  });

  it('uses the session hub’s zone and the console’s hour cycle by default', () => {
    useSessionHub({ hubId: 2 }, hubs);
    expect(clockTime(AT, { locale: 'en-GB' })).toBe('14:05');
    consoleTime.hourCycle = 'h12';
    expect(plain(clockTime(AT, { locale: 'en-US' }))).toBe('2:05 PM');
  });

  it('falls back to the browser’s zone for a zone it does not know, instead of failing', () => {
    expect(clockTime(AT, { timeZone: 'Mars/Olympus_Mons' })).toMatch(/\d/);
  });
});

describe('the other forms of a time', () => {
  it('writes the hour alone, a day and time, and the zone’s short name', () => {
    const tokyo = { timeZone: 'Asia/Tokyo', locale: 'en-GB' };
    expect(hourLabel(AT, { ...tokyo, hourCycle: 'h23' })).toBe('14');
    expect(plain(hourLabel(AT, { ...tokyo, hourCycle: 'h12', locale: 'en-US' }))).toBe('2 PM');
    expect(dateTimeLabel(AT, { ...tokyo, hourCycle: 'h23' })).toBe('Wed 15 Jan, 14:05');
    expect(zoneAbbreviation(AT, { timeZone: 'Asia/Tokyo', locale: 'en-US' })).toBe('GMT+9');
    expect(zoneAbbreviation(AT, { timeZone: 'America/New_York', locale: 'en-US' })).toBe('EST');
  });

  it('writes a minute of the hub’s day like any other time, past midnight wrapping round', () => {
    expect(wallClockMinute(8 * 60 + 30, { hourCycle: 'h23', locale: 'en-GB' })).toBe('08:30');
    expect(plain(wallClockMinute(20 * 60, { hourCycle: 'h12', locale: 'en-US' }))).toBe('8:00 PM');
    expect(wallClockMinute(1440 + 15, { hourCycle: 'h23', locale: 'en-GB' })).toBe('00:15');
  });

  it('tells the minute of the day in a zone', () => {
    expect(minuteOfDay(AT, { timeZone: 'Asia/Tokyo' })).toBe(14 * 60 + 5);
    expect(minuteOfDay(AT, { timeZone: 'America/Campo_Grande' })).toBe(65);
  });
});

describe('localeHourCycle', () => {
  it('reads 12-hour locales as h12 and the rest as h23', () => {
    expect(localeHourCycle('en-US')).toBe('h12');
    expect(localeHourCycle('pt-BR')).toBe('h23');
    expect(localeHourCycle('ja-JP')).toBe('h23');
  });
});

describe('localizeServerTimes', () => {
  const text = 'Move #12:30 to Ben as 1st stop: arrives 14:32, window ends 09:05; +7 min';

  it('leaves server texts as they are in a 24-hour console', () => {
    expect(localizeServerTimes(text, { hourCycle: 'h23' })).toBe(text);
  });

  it('rewrites their times in a 12-hour console, not order references', () => {
    expect(plain(localizeServerTimes(text, { hourCycle: 'h12', locale: 'en-US' }))).toBe(
      'Move #12:30 to Ben as 1st stop: arrives 2:32 PM, window ends 9:05 AM; +7 min',
    );
  });
});

describe('sessionHub', () => {
  it('is a dispatcher’s own hub, else the first hub', () => {
    expect(sessionHub({ hubId: 2 }, hubs)?.name).toBe('Tokyo');
    expect(sessionHub({ hubId: null }, hubs)?.name).toBe('Campo Grande');
    expect(sessionHub({ hubId: null }, [])).toBeNull();
  });
});
