import { describe, expect, it } from 'vitest';
import { CAMPO_GRANDE, CLOCK, MIN, NOW } from './tracking-fixtures';
import {
  dayText,
  isToday,
  localDate,
  optionsByDay,
  timeText,
  trackingClock,
  windowTimes,
} from './tracking-time';

const HOUR = 60 * MIN;
/** Spaces as some ICU versions write them before AM/PM (narrow no-break). */
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

describe('the tracking page’s clock', () => {
  it('writes the ETA window in the hub’s zone, not the browser’s', () => {
    const window = { start: NOW + 20 * MIN, end: NOW + 40 * MIN };
    expect(windowTimes(window, CLOCK)).toEqual({ start: '14:20', end: '14:40' });
    const tokyo = { ...CLOCK, timeZone: 'Asia/Tokyo' };
    expect(windowTimes(window, tokyo)).toEqual({ start: '03:20', end: '03:40' });
  });

  it('speaks the order’s language in the reader’s own variant of it', () => {
    expect(trackingClock('en', CAMPO_GRANDE, ['en-GB', 'pt-BR'])).toEqual({
      timeZone: CAMPO_GRANDE,
      locale: 'en-GB',
      hourCycle: 'h23',
    });
    expect(trackingClock('en', CAMPO_GRANDE, ['pt-BR']).locale).toBe('en');
    expect(trackingClock('pt-BR', CAMPO_GRANDE, ['en-US']).locale).toBe('pt-BR');
    expect(trackingClock('pt-BR', CAMPO_GRANDE, ['en-US']).hourCycle).toBe('h23');
  });

  it('writes a 12-hour time where the locale does', () => {
    const us = trackingClock('en', CAMPO_GRANDE, ['en-US']);
    expect(us.hourCycle).toBe('h12');
    expect(plain(timeText(NOW + 20 * MIN, us))).toBe('2:20 PM');
  });

  it('takes the hub’s calendar day, which is not UTC’s late in the evening', () => {
    const lateEvening = Date.UTC(2025, 0, 16, 2, 30); // 22:30 on the 15th in Campo Grande
    expect(localDate(lateEvening, CLOCK)).toBe('2025-01-15');
    expect(isToday(lateEvening, NOW, CLOCK)).toBe(true);
    expect(isToday(NOW + 10 * HOUR, NOW, CLOCK)).toBe(false);
    expect(dayText(NOW + 24 * HOUR, CLOCK)).toBe('Thu 16 Jan');
  });
});

describe('reschedule options by day', () => {
  const option = (hoursFromNow: number, lengthHours = 2, left = 5) => ({
    start: NOW + hoursFromNow * HOUR,
    end: NOW + (hoursFromNow + lengthHours) * HOUR,
    left,
  });

  it('groups windows under the hub-local day they start on, in order', () => {
    const days = optionsByDay([option(48), option(20), option(2), option(18)], NOW, CLOCK);
    expect(days.map((d) => [d.date, d.relative])).toEqual([
      ['2025-01-15', 'today'],
      ['2025-01-16', 'tomorrow'],
      ['2025-01-17', 'later'],
    ]);
    expect(days[1]!.options.map((o) => o.start)).toEqual([NOW + 18 * HOUR, NOW + 20 * HOUR]);
  });

  it('has no days when nothing is offered', () => {
    expect(optionsByDay([], NOW, CLOCK)).toEqual([]);
  });
});
