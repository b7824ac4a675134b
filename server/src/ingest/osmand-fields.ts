/** What both OsmAnd forms share: the decoded fix, its limits, and the checks of single fields. */
import { DomainError } from '@dispatch/shared';
import { parseOsmAndTimestamp } from './osmand-timestamp';

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

export const MAX_DEVICE_ID_CHARS = 128;
/** The `PingSchema` bounds, so every fix converts into a valid `Ping`. */
export const MAX_ACCURACY_METERS = 100_000;
export const MAX_SPEED_MPS = 150;
export const MAX_HEADING_DEGREES = 360;

/** Plain decimal or exponent notation only: no hex, no `NaN`, no `Infinity`, no empty string. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function numberFromText(text: string, path: string): number {
  const name = pathName(path);
  const value = DECIMAL.test(text) ? Number(text) : Number.NaN;
  // The pattern lets `1e999` through; it parses to Infinity and is refused here.
  if (!Number.isFinite(value)) {
    throw invalid(path, `${name} must be a finite number, got "${clip(text)}"`);
  }
  return value;
}

export function timestampFromText(text: string, path: string): number {
  const ms = parseOsmAndTimestamp(text);
  if (ms === null) {
    throw invalid(
      path,
      `${pathName(path)} "${clip(text)}" is not unix seconds, unix milliseconds, ISO 8601 or yyyy-MM-dd HH:mm:ss`,
    );
  }
  return ms;
}

export function coordinates(
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

export function deviceIdFrom(value: string | undefined, path: string): string {
  const deviceId = value?.trim() ?? '';
  if (deviceId === '') throw invalid(path, 'no device id: send id or deviceid');
  // Control characters (a NUL) are in no device id, and PostgreSQL text cannot hold a NUL.
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(deviceId))
    throw invalid(path, 'device id has control characters');
  if (deviceId.length > MAX_DEVICE_ID_CHARS) {
    throw invalid(path, `device id is longer than ${MAX_DEVICE_ID_CHARS} characters`);
  }
  return deviceId;
}

export function invalid(path: string, message: string): DomainError {
  return new DomainError('invalid', message, [{ path, message }]);
}

/** `/location/coords/speed` → `location.coords.speed`; a query parameter name stays as it is. */
export function pathName(path: string): string {
  return path.startsWith('/') ? path.slice(1).replaceAll('/', '.') : path;
}

/** Keeps echoed input short: error messages end up in logs and responses. */
export function clip(text: string): string {
  return text.length > 32 ? `${text.slice(0, 32)}…` : text;
}

export function oneDecimal(value: number): number {
  return Math.round(value * 10) / 10;
}
