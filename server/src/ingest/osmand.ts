/**
 * The OsmAnd live-tracking protocol spoken by Traccar Client and many GPS trackers: parameters in
 * the query string and/or a form body (`?id=…&lat=…&lon=…&timestamp=…&speed=…`), or the JSON body
 * of Traccar Client 9+ / background-geolocation. Pure: the HTTP route hands in what Fastify parsed.
 */
import { DomainError, type WireError } from '@dispatch/shared';
import { epochMsFromNumber, parseOsmAndTimestamp } from './osmand-timestamp';

export { parseOsmAndTimestamp };

/** One position decoded from an OsmAnd request, in the units of a `Ping`. */
export interface OsmAndFix {
  deviceId: string;
  /** Device time, epoch milliseconds. */
  t: number;
  lat: number;
  lng: number;
  /** Accuracy radius, metres. */
  acc?: number;
  /** Speed, m/s. */
  spd?: number;
  /** Heading, degrees from north. */
  hdg?: number;
  /** Battery level, 0..1. */
  bat?: number;
  altitudeMeters?: number;
}

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
const MAX_DEVICE_ID_CHARS = 128;
/** The `PingSchema` bounds, so every fix converts into a valid `Ping`. */
const MAX_ACCURACY_METERS = 100_000;
const MAX_SPEED_MPS = 150;
const MAX_HEADING_DEGREES = 360;

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
  const fields: Record<string, string[]> = {};
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
  if (value > max) throw invalid(name, `${name} is ${value}; the most accepted is ${round(max)}`);
  return value;
}

// ---------------------------------------------------------------------------------------------
// JSON body (Traccar Client 9+, transistorsoft background-geolocation)

function fixFromJson(root: Record<string, unknown>, query: Params, nowMs: number): OsmAndFix {
  const bodyDeviceId = jsonDeviceId(root.device_id);
  const deviceId =
    bodyDeviceId === undefined
      ? deviceIdFrom(query.get('id'), 'id')
      : deviceIdFrom(bodyDeviceId, '/device_id');
  if (Array.isArray(root.location)) {
    throw invalid('/location', 'location must be one object; batched locations are not accepted');
  }
  const location = isPlainObject(root.location) ? root.location : {};
  const coords = location.coords;
  if (!isPlainObject(coords)) {
    throw invalid('/location/coords', 'no position: location.coords is missing');
  }
  const lat = jsonNumber(coords.latitude, '/location/coords/latitude');
  const lng = jsonNumber(coords.longitude, '/location/coords/longitude');
  if (lat === undefined || lng === undefined) {
    throw invalid(
      '/location/coords',
      'no position: location.coords.latitude and longitude are required',
    );
  }
  const fix: OsmAndFix = {
    deviceId,
    t: jsonTimestamp(location.timestamp, nowMs),
    ...coordinates(lat, lng, '/location/coords/latitude', '/location/coords/longitude'),
  };
  const acc = jsonNonNegative(coords.accuracy, '/location/coords/accuracy', MAX_ACCURACY_METERS);
  if (acc !== undefined) fix.acc = acc;
  const spd = jsonNonNegative(coords.speed, '/location/coords/speed', MAX_SPEED_MPS);
  if (spd !== undefined) fix.spd = spd;
  const hdg = jsonNonNegative(coords.heading, '/location/coords/heading', MAX_HEADING_DEGREES);
  if (hdg !== undefined) fix.hdg = hdg;
  const battery = location.battery;
  if (isPlainObject(battery)) {
    const bat = jsonNonNegative(battery.level, '/location/battery/level', 1);
    if (bat !== undefined) fix.bat = bat;
  }
  const altitude = jsonNumber(coords.altitude, '/location/coords/altitude');
  if (altitude !== undefined) fix.altitudeMeters = altitude;
  return fix;
}

/** The body's `device_id`, or undefined when absent or blank so the query `id` can stand in. */
function jsonDeviceId(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value.trim() === '' ? undefined : value;
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value);
  throw invalid('/device_id', 'device_id must be text');
}

function jsonTimestamp(value: unknown, nowMs: number): number {
  const path = '/location/timestamp';
  if (value === undefined || value === null || value === '') return nowMs;
  if (typeof value === 'string') return timestampFromText(value, path);
  if (typeof value === 'number') {
    const ms = epochMsFromNumber(value);
    if (ms === null) throw invalid(path, `location.timestamp ${value} is not a time`);
    return ms;
  }
  throw invalid(path, 'location.timestamp must be an ISO 8601 string or a number');
}

/** A JSON number, or a numeric string, or absent; anything else is refused. */
function jsonNumber(value: unknown, path: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  const name = pathName(path);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalid(path, `${name} must be a finite number`);
    return value;
  }
  if (typeof value === 'string')
    return value.trim() === '' ? undefined : numberFromText(value.trim(), path);
  throw invalid(path, `${name} must be a number`);
}

/** Like `optionalNonNegative`: negative (the `-1` of background-geolocation) means unknown. */
function jsonNonNegative(value: unknown, path: string, max: number): number | undefined {
  const number = jsonNumber(value, path);
  if (number === undefined || number < 0) return undefined;
  if (number > max) {
    throw invalid(path, `${pathName(path)} is ${number}; the most accepted is ${round(max)}`);
  }
  return number;
}

// ---------------------------------------------------------------------------------------------
// Shared checks

/** Plain decimal or exponent notation only: no hex, no `NaN`, no `Infinity`, no empty string. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function numberFromText(text: string, path: string): number {
  const name = pathName(path);
  const value = DECIMAL.test(text) ? Number(text) : Number.NaN;
  // The pattern lets `1e999` through; it parses to Infinity and is refused here.
  if (!Number.isFinite(value)) {
    throw invalid(path, `${name} must be a finite number, got "${clip(text)}"`);
  }
  return value;
}

function timestampFromText(text: string, path: string): number {
  const ms = parseOsmAndTimestamp(text);
  if (ms === null) {
    throw invalid(
      path,
      `${pathName(path)} "${clip(text)}" is not unix seconds, unix milliseconds, ISO 8601 or yyyy-MM-dd HH:mm:ss`,
    );
  }
  return ms;
}

function coordinates(
  lat: number,
  lng: number,
  latPath: string,
  lngPath: string,
): { lat: number; lng: number } {
  if (lat < -90 || lat > 90) {
    throw invalid(latPath, `latitude ${lat} is outside -90..90 (${pathName(latPath)})`);
  }
  if (lng < -180 || lng > 180) {
    throw invalid(lngPath, `longitude ${lng} is outside -180..180 (${pathName(lngPath)})`);
  }
  return { lat, lng };
}

function deviceIdFrom(value: string | undefined, path: string): string {
  const deviceId = value?.trim() ?? '';
  if (deviceId === '') throw invalid(path, 'no device id: send id or deviceid');
  if (deviceId.length > MAX_DEVICE_ID_CHARS) {
    throw invalid(path, `device id is longer than ${MAX_DEVICE_ID_CHARS} characters`);
  }
  return deviceId;
}

function invalid(path: string, message: string): DomainError {
  return new DomainError('invalid', message, [{ path, message }]);
}

/** `/location/coords/speed` → `location.coords.speed`; a query parameter name stays as it is. */
function pathName(path: string): string {
  return path.startsWith('/') ? path.slice(1).replaceAll('/', '.') : path;
}

/** Keeps echoed input short: error messages end up in logs and responses. */
function clip(text: string): string {
  return text.length > 32 ? `${text.slice(0, 32)}…` : text;
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
