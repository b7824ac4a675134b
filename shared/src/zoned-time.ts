/**
 * Wall-clock times in a hub's IANA time zone, without a date library: what the console shows and
 * takes, what a CSV's local times mean, and where a hub's day begins and ends.
 */

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
const formats = new Map<string, Intl.DateTimeFormat>();

function partsFormat(timeZone: string): Intl.DateTimeFormat | null {
  let format = formats.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: 'numeric',
        day: 'numeric',
        hour: 'numeric',
        minute: 'numeric',
        second: 'numeric',
      });
    } catch {
      return null;
    }
    formats.set(timeZone, format);
  }
  return format;
}

/** True when the runtime knows this IANA zone name. */
export function isKnownTimeZone(timeZone: string): boolean {
  return partsFormat(timeZone) !== null;
}

/** The local calendar fields of an instant in a zone (an unknown zone reads as UTC). */
function localFields(epochMs: number, timeZone: string) {
  const format = partsFormat(timeZone) ?? partsFormat('UTC')!;
  const p: Record<string, number> = {};
  for (const part of format.formatToParts(epochMs))
    if (part.type !== 'literal') p[part.type] = Number(part.value);
  return { y: p.year!, mo: p.month!, d: p.day!, h: p.hour!, mi: p.minute!, s: p.second! };
}

/** Minutes the zone is ahead of UTC at this instant (negative west of Greenwich). */
export function zoneOffsetMinutes(timeZone: string, epochMs: number): number {
  const f = localFields(epochMs, timeZone);
  const asUtc = Date.UTC(f.y, f.mo - 1, f.d, f.h, f.mi, f.s);
  return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / MINUTE_MS);
}

/** Epoch ms of a local wall-clock time in a zone (a time skipped by a DST change moves forward). */
function zonedFieldsToEpochMs(
  fields: { y: number; mo: number; d: number; h: number; mi: number; s: number },
  timeZone: string,
): number {
  const asUtc = Date.UTC(fields.y, fields.mo - 1, fields.d, fields.h, fields.mi, fields.s);
  const first = asUtc - zoneOffsetMinutes(timeZone, asUtc) * MINUTE_MS;
  return asUtc - zoneOffsetMinutes(timeZone, first) * MINUTE_MS;
}

const LOCAL_TIME = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Epoch ms of a local date and time without an offset (`2025-05-02T09:00`, `2025-05-02 09:00`,
 * seconds optional) read in `timeZone`; null when the text is not such a time or not a real one.
 */
export function zonedLocalToEpochMs(local: string, timeZone: string): number | null {
  const m = LOCAL_TIME.exec(local.trim());
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map((v) => (v === undefined ? 0 : Number(v))) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const check = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 59)
    return null;
  return zonedFieldsToEpochMs({ y, mo, d, h, mi, s }, timeZone);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** `YYYY-MM-DDTHH:mm` of an instant in a zone (what a `datetime-local` input holds). */
export function epochToZonedLocal(epochMs: number, timeZone: string): string {
  const f = localFields(epochMs, timeZone);
  return `${pad(f.y, 4)}-${pad(f.mo)}-${pad(f.d)}T${pad(f.h)}:${pad(f.mi)}`;
}

/** ISO 8601 with the zone's offset at that instant, e.g. `2025-05-02T09:00:00-04:00`. */
export function zonedIso(epochMs: number, timeZone: string): string {
  const f = localFields(epochMs, timeZone);
  const offset = zoneOffsetMinutes(timeZone, epochMs);
  const sign = offset < 0 ? '-' : '+';
  const abs = Math.abs(offset);
  return (
    `${pad(f.y, 4)}-${pad(f.mo)}-${pad(f.d)}T${pad(f.h)}:${pad(f.mi)}:${pad(f.s)}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

/** The local date (`YYYY-MM-DD`) of an instant in a zone. */
export function zonedDate(epochMs: number, timeZone: string): string {
  return epochToZonedLocal(epochMs, timeZone).slice(0, 10);
}

/** True for a real calendar date written `YYYY-MM-DD`. */
export function isCalendarDate(date: string): boolean {
  const m = DATE_ONLY.exec(date);
  if (!m) return false;
  const [y, mo, d] = m.slice(1).map(Number) as [number, number, number];
  const check = new Date(Date.UTC(y, mo - 1, d));
  return check.getUTCFullYear() === y && check.getUTCMonth() === mo - 1 && check.getUTCDate() === d;
}

/**
 * A local day in a zone as epoch ms `[startMs, endMs)`: from its midnight to the next (23 or 25
 * hours on the days clocks change). Throws on a date that is not `YYYY-MM-DD`.
 */
export function zonedDayBounds(date: string, timeZone: string): { startMs: number; endMs: number } {
  if (!isCalendarDate(date)) throw new RangeError(`not a date: ${date}`);
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const next = new Date(Date.UTC(y, mo - 1, d) + DAY_MS);
  return {
    startMs: zonedFieldsToEpochMs({ y, mo, d, h: 0, mi: 0, s: 0 }, timeZone),
    endMs: zonedFieldsToEpochMs(
      {
        y: next.getUTCFullYear(),
        mo: next.getUTCMonth() + 1,
        d: next.getUTCDate(),
        h: 0,
        mi: 0,
        s: 0,
      },
      timeZone,
    ),
  };
}
