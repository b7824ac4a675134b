/** A shift window in epoch ms. */
export interface ShiftWindow {
  startMs: number;
  endMs: number;
}

const MINUTE_MS = 60_000;
const DAY_MINUTES = 1440;

const offsetFormats = new Map<string, Intl.DateTimeFormat>();

/** Minutes the timezone is ahead of UTC at `at` (negative west of Greenwich). */
export function utcOffsetMinutes(timezone: string, at: number): number {
  let format = offsetFormats.get(timezone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone: timezone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
      });
    } catch {
      return 0; // An unknown zone name counts as UTC rather than stopping detection.
    }
    offsetFormats.set(timezone, format);
  }
  const parts: Record<string, number> = {};
  for (const p of format.formatToParts(at)) if (p.type !== 'literal') parts[p.type] = +p.value;
  const local = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!);
  return Math.round((local - Math.floor(at / MINUTE_MS) * MINUTE_MS) / MINUTE_MS);
}

/**
 * The shift a courier works around `now`, from its start and end minutes of the local day: today's,
 * or yesterday's when an overnight shift is still running. A shift of the whole day (0 to 1440)
 * is null: always on shift.
 */
export function shiftWindowAt(
  startMinute: number,
  endMinute: number,
  timezone: string,
  now: number,
): ShiftWindow | null {
  if (startMinute <= 0 && endMinute >= DAY_MINUTES) return null;
  const offset = utcOffsetMinutes(timezone, now);
  const localMinutes = Math.floor(now / MINUTE_MS) + offset;
  const localMidnight =
    (localMinutes - (((localMinutes % DAY_MINUTES) + DAY_MINUTES) % DAY_MINUTES) - offset) *
    MINUTE_MS;
  const length = (endMinute - startMinute + DAY_MINUTES) % DAY_MINUTES || DAY_MINUTES;
  const today = localMidnight + startMinute * MINUTE_MS;
  const yesterday = today - DAY_MINUTES * MINUTE_MS;
  const start = now < today && now < yesterday + length * MINUTE_MS ? yesterday : today;
  return { startMs: start, endMs: start + length * MINUTE_MS };
}
