/** The JSON body of the OsmAnd protocol (Traccar Client 9+, transistorsoft background-geolocation). */
import {
  MAX_ACCURACY_METERS,
  MAX_HEADING_DEGREES,
  MAX_SPEED_MPS,
  coordinates,
  deviceIdFrom,
  invalid,
  numberFromText,
  pathName,
  oneDecimal,
  timestampFromText,
  type OsmAndFix,
} from './osmand-fields';
import { epochMsFromNumber } from './osmand-timestamp';
import { isPlainObject } from '../lib/guards';

/** Flat parameters of the query string. */
type Params = ReadonlyMap<string, string>;

export function fixFromJson(
  root: Record<string, unknown>,
  query: Params,
  nowMs: number,
): OsmAndFix {
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
    throw invalid(path, `${pathName(path)} is ${number}; the most accepted is ${oneDecimal(max)}`);
  }
  return number;
}
