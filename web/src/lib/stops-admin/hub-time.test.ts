import { describe, expect, it } from 'vitest';
import { fromHubInput, hubClock, hubWindow } from './hub-time';

const ZONE = 'America/Campo_Grande';
const at = (iso: string) => Date.parse(`${iso}-04:00`);

describe("times in the hub's zone", () => {
  it('shows a window of today as clock times only', () => {
    expect(
      hubWindow(at('2025-05-02T10:00:00'), at('2025-05-02T12:30:00'), ZONE, 'en', '2025-05-02'),
    ).toBe('10:00–12:30');
  });

  it('names the day of a window on another day once, and both days across midnight', () => {
    expect(
      hubWindow(at('2025-12-04T10:00:00'), at('2025-12-04T12:00:00'), ZONE, 'en', '2025-05-02'),
    ).toBe('4 Dec 10:00–12:00');
    expect(
      hubWindow(at('2025-05-02T22:00:00'), at('2025-05-03T01:00:00'), ZONE, 'en', '2025-05-02'),
    ).toBe('22:00–3 May 01:00');
    expect(hubWindow(null, null, ZONE, 'en', '2025-05-02')).toBe('—–—');
  });

  it('names the month in the language of the page', () => {
    expect(
      hubWindow(at('2025-12-04T10:00:00'), at('2025-12-04T12:00:00'), ZONE, 'pt-BR', '2025-05-02'),
    ).toBe('4 dez. 10:00–12:00');
  });

  it('reads a datetime-local value in the hub zone', () => {
    expect(fromHubInput('2025-05-02T09:15', ZONE)).toBe(at('2025-05-02T09:15:00'));
    expect(fromHubInput('', ZONE)).toBeNull();
    expect(hubClock(at('2025-05-02T09:15:00'), ZONE)).toBe('09:15');
  });
});
