import { describe, expect, it } from 'vitest';
import { dateInZone, dayWindow, zoneOffsetMs } from './day-window';

const HOUR = 3_600_000;

describe('dayWindow', () => {
  it('runs from midnight to midnight on the hub’s clock', () => {
    // Campo Grande is UTC−4 all year.
    expect(dayWindow('2025-01-15', 'America/Campo_Grande')).toEqual({
      from: Date.UTC(2025, 0, 15, 4),
      to: Date.UTC(2025, 0, 16, 4),
    });
    expect(dayWindow('2025-01-15', 'UTC')).toEqual({
      from: Date.UTC(2025, 0, 15),
      to: Date.UTC(2025, 0, 16),
    });
  });

  it('is 23 hours on the day the clocks go forward and cut at 24 on the day they go back', () => {
    const spring = dayWindow('2025-03-30', 'Europe/Berlin');
    expect(spring.from).toBe(Date.UTC(2025, 2, 29, 23));
    expect(spring.to - spring.from).toBe(23 * HOUR);
    const autumn = dayWindow('2025-10-26', 'Europe/Berlin');
    expect(autumn.from).toBe(Date.UTC(2025, 9, 25, 22));
    expect(autumn.to - autumn.from).toBe(24 * HOUR);
  });
});

describe('dateInZone', () => {
  it('names the date on the zone’s clock', () => {
    const lateEvening = Date.UTC(2025, 0, 16, 2); // 22:00 on the 15th in Campo Grande
    expect(dateInZone(lateEvening, 'America/Campo_Grande')).toBe('2025-01-15');
    expect(dateInZone(lateEvening, 'UTC')).toBe('2025-01-16');
  });
});

describe('zoneOffsetMs', () => {
  it('is the wall clock’s lead over UTC', () => {
    expect(zoneOffsetMs('America/Campo_Grande', Date.UTC(2025, 0, 15))).toBe(-4 * HOUR);
    expect(zoneOffsetMs('Europe/Berlin', Date.UTC(2025, 6, 1))).toBe(2 * HOUR);
  });
});
