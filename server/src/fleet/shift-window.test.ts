import { describe, expect, it } from 'vitest';
import { shiftWindowAt, utcOffsetMinutes } from './shift-window';

const at = (iso: string) => Date.parse(iso);

describe('shiftWindowAt', () => {
  it("gives today's shift in the hub's timezone", () => {
    // 08:00–20:00 in São Paulo (UTC−3) is 11:00–23:00 UTC.
    expect(shiftWindowAt(480, 1200, 'America/Sao_Paulo', at('2026-11-26T15:00:00Z'))).toEqual({
      startMs: at('2026-11-26T11:00:00Z'),
      endMs: at('2026-11-26T23:00:00Z'),
    });
  });

  it('keeps an overnight shift that started yesterday running after midnight', () => {
    expect(shiftWindowAt(1320, 360, 'UTC', at('2026-11-26T02:00:00Z'))).toEqual({
      startMs: at('2026-11-25T22:00:00Z'),
      endMs: at('2026-11-26T06:00:00Z'),
    });
  });

  it('treats a whole-day shift as always on', () => {
    expect(shiftWindowAt(0, 1440, 'Europe/Berlin', Date.now())).toBeNull();
  });

  it('reads an unknown timezone as UTC', () => {
    expect(utcOffsetMinutes('Mars/Olympus', Date.now())).toBe(0);
    expect(utcOffsetMinutes('Asia/Kolkata', at('2026-11-26T00:00:00Z'))).toBe(330);
  });
});
