import { describe, expect, it } from 'vitest';
import {
  epochToZonedLocal,
  isCalendarDate,
  isKnownTimeZone,
  zonedDate,
  zonedDayBounds,
  zonedIso,
  zonedLocalToEpochMs,
  zoneOffsetMinutes,
} from './zoned-time';

describe('wall-clock times in a hub time zone', () => {
  it('reads a local time without offset in the zone', () => {
    expect(zonedLocalToEpochMs('2025-05-02T09:00', 'America/Campo_Grande')).toBe(
      Date.parse('2025-05-02T09:00:00-04:00'),
    );
    expect(zonedLocalToEpochMs('2025-05-02 09:30:15', 'UTC')).toBe(
      Date.parse('2025-05-02T09:30:15Z'),
    );
  });

  it('follows daylight saving time', () => {
    expect(zonedLocalToEpochMs('2025-01-15T12:00', 'Europe/Berlin')).toBe(
      Date.parse('2025-01-15T12:00:00+01:00'),
    );
    expect(zonedLocalToEpochMs('2025-07-15T12:00', 'Europe/Berlin')).toBe(
      Date.parse('2025-07-15T12:00:00+02:00'),
    );
    expect(zoneOffsetMinutes('Europe/Berlin', Date.parse('2025-07-15T12:00:00Z'))).toBe(120);
  });

  it('refuses what is not a local time or not a real date', () => {
    expect(zonedLocalToEpochMs('2025-02-30T09:00', 'UTC')).toBeNull();
    expect(zonedLocalToEpochMs('2025-05-02T09:00Z', 'UTC')).toBeNull();
    expect(zonedLocalToEpochMs('9:00', 'UTC')).toBeNull();
    expect(isCalendarDate('2025-02-29')).toBe(false);
    expect(isCalendarDate('2024-02-29')).toBe(true);
  });

  it('writes ISO 8601 with the zone offset and the local date', () => {
    const t = Date.parse('2025-05-02T13:05:09Z');
    expect(zonedIso(t, 'America/Campo_Grande')).toBe('2025-05-02T09:05:09-04:00');
    expect(zonedIso(t, 'Asia/Kolkata')).toBe('2025-05-02T18:35:09+05:30');
    expect(epochToZonedLocal(t, 'America/Campo_Grande')).toBe('2025-05-02T09:05');
    expect(zonedDate(Date.parse('2025-05-02T02:00:00Z'), 'America/Campo_Grande')).toBe(
      '2025-05-01',
    );
  });

  it('bounds a local day, 23 hours long when the clocks go forward', () => {
    expect(zonedDayBounds('2025-05-02', 'America/Campo_Grande')).toEqual({
      startMs: Date.parse('2025-05-02T04:00:00Z'),
      endMs: Date.parse('2025-05-03T04:00:00Z'),
    });
    const spring = zonedDayBounds('2025-03-30', 'Europe/Berlin');
    expect((spring.endMs - spring.startMs) / 3_600_000).toBe(23);
    expect(() => zonedDayBounds('2025-13-01', 'UTC')).toThrow(RangeError);
  });

  it('knows real zone names only', () => {
    expect(isKnownTimeZone('America/Sao_Paulo')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus')).toBe(false);
  });
});
