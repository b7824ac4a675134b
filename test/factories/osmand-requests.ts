import { expect } from 'vitest';
import { parseOsmAnd, type OsmAndFix, type OsmAndRequest } from '../../server/src/ingest/osmand';

export const NOW_MS = Date.UTC(2024, 4, 1, 12, 0, 0);
/** 2024-05-01 10:20:30 UTC, the instant most timestamp tests spell in some form. */
export const FIX_MS = Date.UTC(2024, 4, 1, 10, 20, 30);

export type Query = OsmAndRequest['query'];

export function request(query: Query, body?: unknown): OsmAndRequest {
  return { query, body, nowMs: NOW_MS };
}

/** A minimal valid GET query, with overrides. */
export function gpsQuery(overrides: Query = {}): Query {
  return { id: 'courier-7', lat: '52.52', lon: '13.405', ...overrides };
}

export function fixOf(input: OsmAndRequest): OsmAndFix {
  const result = parseOsmAnd(input);
  if (!result.ok) throw new Error(`expected a fix, got ${result.error.message}`);
  return result.fix;
}

export function errorOf(input: OsmAndRequest): { code: string; message: string } {
  const result = parseOsmAnd(input);
  if (result.ok) throw new Error(`expected an error, got ${JSON.stringify(result.fix)}`);
  expect(result.status).toBe(400);
  return result.error;
}

/** A Traccar Client 9 / background-geolocation JSON body, with coords overrides. */
export function traccarJson(
  coords: Record<string, unknown> = {},
  location: Record<string, unknown> = {},
) {
  return {
    location: {
      timestamp: '2024-05-01T10:20:30.250Z',
      coords: {
        latitude: 52.52,
        longitude: 13.405,
        accuracy: 8,
        speed: 4.2,
        heading: 270,
        altitude: 34.5,
        ...coords,
      },
      is_moving: true,
      battery: { level: 0.55, is_charging: false },
      ...location,
    },
    device_id: 'courier-7',
  };
}
