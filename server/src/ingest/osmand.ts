/**
 * The OsmAnd live-tracking protocol spoken by Traccar Client and many GPS trackers: parameters in
 * the query string and/or a form body (`?id=…&lat=…&lon=…&timestamp=…&speed=…`), or the JSON body
 * of Traccar Client 9+ / background-geolocation. Pure: the HTTP route hands in what Fastify parsed.
 */
import { DomainError, type WireError } from '@dispatch/shared';
import {
  MAX_ACCURACY_METERS,
  MAX_HEADING_DEGREES,
  MAX_SPEED_MPS,
  coordinates,
  deviceIdFrom,
  invalid,
  numberFromText,
  oneDecimal,
  timestampFromText,
  type OsmAndFix,
} from './osmand-fields';
import { fixFromJson } from './osmand-json';
import { parseOsmAndTimestamp } from './osmand-timestamp';
import { isPlainObject } from '../lib/guards';

export { parseOsmAndTimestamp };
export type { OsmAndFix };

/** What the HTTP route hands in: the parsed query, the parsed body and the server clock. */
export interface OsmAndRequest {
  query: Record<string, string | string[] | undefined>;
  /** A string-keyed object for form bodies, a parsed JSON object for JSON, a string or undefined otherwise. */
  body: unknown;
  nowMs: number;
}

/** A decoded fix, or the 400 to answer with. */
export type OsmAndResult =
  { ok: true; fix: OsmAndFix } | { ok: false; error: WireError; status: 400 };

const KNOTS_TO_MPS = 0.514444;
/**
 * OsmAnd devices without an accuracy radius often send HDOP instead. HDOP is unitless; times a
 * typical ~5 m user-range error it gives a rough radius in metres, good enough to weigh a fix.
 */
const HDOP_TO_METERS = 5;
/**
 * The parameters read, each with the name it is stored under; aliases fold onto one name while
 * merging, so a body alias overrides a query alias. Other parameters (cell, wifi, …) are ignored.
 */
const PARAM_NAMES: ReadonlyMap<string, string> = new Map([
  ['id', 'id'],
  ['deviceid', 'id'],
  ['lat', 'lat'],
  ['lon', 'lon'],
  ['location', 'location'],
  ['timestamp', 'timestamp'],
  ['speed', 'speed'],
  ['bearing', 'bearing'],
  ['heading', 'bearing'],
  ['altitude', 'altitude'],
  ['accuracy', 'accuracy'],
  ['hdop', 'hdop'],
  ['batt', 'batt'],
]);

/** Flat parameters after merging query and form body; values are trimmed and never empty. */
type Params = ReadonlyMap<string, string>;

/**
 * Decodes one OsmAnd request into a fix. Body fields override query fields. Does not check the
 * device clock against `nowMs` (the caller does); `nowMs` only stands in for a missing timestamp.
 */
export function parseOsmAnd(input: OsmAndRequest): OsmAndResult {
  try {
    const body = classifyBody(input.body);
    if (body.kind === 'json') {
      return { ok: true, fix: fixFromJson(body.root, paramsFrom([input.query]), input.nowMs) };
    }
    return { ok: true, fix: fixFromParams(paramsFrom([input.query, body.fields]), input.nowMs) };
  } catch (error) {
    if (error instanceof DomainError) return { ok: false, error: error.toWire(), status: 400 };
    throw error;
  }
}

// ---------------------------------------------------------------------------------------------
// Query string and form body

type ClassifiedBody =
  | { kind: 'json'; root: Record<string, unknown> }
  | { kind: 'form'; fields: Record<string, unknown> };

function classifyBody(body: unknown): ClassifiedBody {
  if (body === undefined || body === null) return { kind: 'form', fields: {} };
  if (typeof body === 'string') return classifyBody(parseTextBody(body));
  if (!isPlainObject(body)) throw invalid('body', 'the body must be a form or a JSON object');
  // A form's `location` is "lat,lon" text (or a list of such); a JSON body's is an object.
  const location = body.location;
  if (isPlainObject(location) || (Array.isArray(location) && location.some(isPlainObject))) {
    return { kind: 'json', root: body };
  }
  return { kind: 'form', fields: body };
}

/** Some trackers POST a form or JSON as text/plain; Traccar reads such bodies too. */
function parseTextBody(text: string): Record<string, unknown> | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (trimmed.startsWith('{')) {
    try {
      const parsed: unknown = JSON.parse(trimmed);
      if (isPlainObject(parsed)) return parsed;
    } catch {
      // fall through to the error below
    }
    throw invalid('body', 'the body looks like JSON but is not a valid JSON object');
  }
  // No prototype: a field named `__proto__` or `constructor` is a field like any other.
  const fields = Object.create(null) as Record<string, string[]>;
  for (const [key, value] of new URLSearchParams(trimmed)) (fields[key] ??= []).push(value);
  return fields;
}

/** Merges parameter sources in order, later sources overriding earlier ones. */
function paramsFrom(sources: readonly Record<string, unknown>[]): Params {
  const params = new Map<string, string>();
  for (const source of sources) {
    for (const [key, rawValue] of Object.entries(source)) {
      const name = PARAM_NAMES.get(key);
      if (name === undefined) continue;
      const value = paramText(key, rawValue);
      if (value !== undefined) params.set(name, value);
    }
  }
  return params;
}

/** A repeated parameter counts once, by its last value; empty values count as absent. */
function paramText(key: string, value: unknown): string | undefined {
  const last: unknown = Array.isArray(value) ? value[value.length - 1] : value;
  if (last === undefined || last === null) return undefined;
  if (typeof last === 'number') return String(last);
  if (typeof last !== 'string') throw invalid(key, `${key} must be text or a number`);
  const trimmed = last.trim();
  return trimmed === '' ? undefined : trimmed;
}

function fixFromParams(params: Params, nowMs: number): OsmAndFix {
  const deviceId = deviceIdFrom(params.get('id'), 'id');
  const { lat, lng } = positionFromParams(params);
  const timestamp = params.get('timestamp');
  const fix: OsmAndFix = {
    deviceId,
    t: timestamp === undefined ? nowMs : timestampFromText(timestamp, 'timestamp'),
    lat,
    lng,
  };
  const accuracyMeters = optionalNonNegative(params, 'accuracy', MAX_ACCURACY_METERS);
  const hdop = optionalNonNegative(params, 'hdop', MAX_ACCURACY_METERS / HDOP_TO_METERS);
  const acc = accuracyMeters ?? (hdop === undefined ? undefined : hdop * HDOP_TO_METERS);
  if (acc !== undefined) fix.acc = acc;
  const speedKnots = optionalNonNegative(params, 'speed', MAX_SPEED_MPS / KNOTS_TO_MPS);
  if (speedKnots !== undefined) fix.spd = speedKnots * KNOTS_TO_MPS;
  const hdg = optionalNonNegative(params, 'bearing', MAX_HEADING_DEGREES);
  if (hdg !== undefined) fix.hdg = hdg;
  const batteryPercent = optionalNonNegative(params, 'batt', 100);
  if (batteryPercent !== undefined) fix.bat = batteryPercent / 100;
  const altitude = params.get('altitude');
  if (altitude !== undefined) fix.altitudeMeters = numberFromText(altitude, 'altitude');
  return fix;
}

function positionFromParams(params: Params): { lat: number; lng: number } {
  const lat = params.get('lat');
  const lon = params.get('lon');
  if (lat !== undefined || lon !== undefined) {
    if (lat === undefined) throw invalid('lat', 'no position: lon was sent without lat');
    if (lon === undefined) throw invalid('lon', 'no position: lat was sent without lon');
    return coordinates(numberFromText(lat, 'lat'), numberFromText(lon, 'lon'), 'lat', 'lon');
  }
  const location = params.get('location');
  if (location === undefined) {
    throw invalid('lat', 'no position: send lat and lon, or location=lat,lon');
  }
  const parts = location.split(',');
  const [latText, lonText] = parts;
  if (parts.length !== 2 || latText === undefined || lonText === undefined) {
    throw invalid('location', 'location must be "lat,lon"');
  }
  return coordinates(
    numberFromText(latText.trim(), 'location'),
    numberFromText(lonText.trim(), 'location'),
    'location',
    'location',
  );
}

/** An optional parameter that must be a number in [0, max]; negative means unknown and is dropped. */
function optionalNonNegative(params: Params, name: string, max: number): number | undefined {
  const text = params.get(name);
  if (text === undefined) return undefined;
  const value = numberFromText(text, name);
  if (value < 0) return undefined;
  if (value > max)
    throw invalid(name, `${name} is ${value}; the most accepted is ${oneDecimal(max)}`);
  return value;
}
