/** Timestamp forms of the OsmAnd protocol. Pure. */

/** Numbers above this are epoch milliseconds, below it epoch seconds (1e11 s is year 5138, 1e11 ms is 1973). */
const EPOCH_MS_THRESHOLD = 1e11;
/** The largest instant a JavaScript Date can hold. */
const MAX_EPOCH_MS = 8.64e15;

/**
 * Reads an OsmAnd `timestamp` as epoch ms: unix seconds or milliseconds (told apart by magnitude),
 * ISO 8601 with or without a zone, or `yyyy-MM-dd HH:mm:ss`. Zone-less times are UTC. Null if unreadable.
 */
export function parseOsmAndTimestamp(value: string): number | null {
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return epochMsFromNumber(Number(text));
  return parseIsoLikeTimestamp(text);
}

// Date, then `T`, a space or a literal `+` (a form-encoded space that reached us undecoded), then
// the time with optional seconds and fraction, then an optional zone. A space before `hh:mm` is an
// offset whose `+` was decoded to a space because the client did not percent-encode it.
const ISO_LIKE =
  /^(?<year>\d{4})-(?<month>\d{2})-(?<day>\d{2})[Tt +](?<hour>\d{2}):(?<minute>\d{2})(?::(?<second>\d{2})(?:[.,](?<fraction>\d+))?)?(?:[Zz]|(?<offsetSign>[+ -])(?<offsetHours>\d{2})(?::?(?<offsetMinutes>\d{2}))?)?$/;

function parseIsoLikeTimestamp(text: string): number | null {
  const parts = ISO_LIKE.exec(text)?.groups;
  if (!parts) return null;
  const { year, month, day, hour, minute, second, fraction } = parts;
  const { offsetSign, offsetHours, offsetMinutes } = parts;
  const y = Number(year);
  const mo = Number(month);
  const d = Number(day);
  const h = Number(hour);
  const mi = Number(minute);
  const s = Number(second ?? '0');
  const ms = Number((fraction ?? '').slice(0, 3).padEnd(3, '0'));
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59) return null;
  const localMs = Date.UTC(y, mo - 1, d, h, mi, s, ms);
  // Date.UTC rolls 31 April over into 1 May; refuse such dates instead.
  if (new Date(localMs).getUTCDate() !== d) return null;
  let offsetMs = 0;
  if (offsetSign !== undefined) {
    const offH = Number(offsetHours);
    const offM = Number(offsetMinutes ?? '0');
    if (offH > 23 || offM > 59) return null;
    offsetMs = (offsetSign === '-' ? -1 : 1) * (offH * 60 + offM) * 60_000;
  }
  const utcMs = localMs - offsetMs;
  // Like the numeric forms: nothing before 1970 (Date.UTC also reads years 0000–0099 as 19xx).
  return utcMs >= 0 && utcMs <= MAX_EPOCH_MS ? utcMs : null;
}

/** Unix seconds or milliseconds as epoch ms; null when negative, not finite or out of range. */
export function epochMsFromNumber(value: number): number | null {
  if (!Number.isFinite(value) || value < 0) return null;
  const ms = Math.round(value > EPOCH_MS_THRESHOLD ? value : value * 1000);
  return ms <= MAX_EPOCH_MS ? ms : null;
}
