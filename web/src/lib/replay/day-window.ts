const DAY_MS = 24 * 3_600_000;

/** How far the zone's wall clock runs ahead of UTC at `at`, ms. */
export function zoneOffsetMs(timeZone: string, at: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(at));
  const part = (type: Intl.DateTimeFormatPartTypes) =>
    Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return wall - Math.floor(at / 1000) * 1000;
}

/** The instant the zone's wall clock shows midnight starting `date` (`YYYY-MM-DD`). */
function zonedMidnight(date: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const wall = Date.UTC(y, m - 1, d);
  // Twice: the offset at the guess may differ from the offset at midnight across a clock change.
  const guess = wall - zoneOffsetMs(timeZone, wall);
  return wall - zoneOffsetMs(timeZone, guess);
}

/** The calendar date (`YYYY-MM-DD`) the zone's wall clock shows at `at`. */
export function dateInZone(at: number, timeZone: string): string {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date(at));
}

/** The day after `date`. */
function nextDate(date: string): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/**
 * A day in the zone as epoch ms, from its midnight to the next (cut at 24 h, the most a replay
 * covers, on the day the clocks go back).
 */
export function dayWindow(date: string, timeZone: string): { from: number; to: number } {
  const from = zonedMidnight(date, timeZone);
  const to = Math.min(zonedMidnight(nextDate(date), timeZone), from + DAY_MS);
  return { from, to };
}
