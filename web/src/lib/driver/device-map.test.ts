import { describe, expect, test } from 'vitest';
import type { ConsoleConfig } from '@dispatch/shared';
import { BASEMAP_LAYER_IDS } from '../map/offline-style';
import { deviceMapRequests, streetLayers } from './device-map';

const ORIGIN = 'https://dispatch.test';

function config(overrides: Partial<ConsoleConfig> = {}): ConsoleConfig {
  return {
    mapStyleUrl: null,
    streetsUrl: '/api/v1/map/streets',
    center: { lat: -20.47, lng: -54.62 },
    tickMs: 1000,
    glyphs: null,
    ...overrides,
  };
}

describe('streetLayers', () => {
  test('is null when the server has no street network', () => {
    expect(streetLayers(config({ streetsUrl: null }), ORIGIN)).toBeNull();
  });

  test("draws the console's streets and names without its background", () => {
    const layers = streetLayers(config(), ORIGIN)!;
    expect(layers.layers.map((l) => l.id)).toEqual([
      BASEMAP_LAYER_IDS.streets,
      BASEMAP_LAYER_IDS.streetNames,
    ]);
    expect(layers.sources).toEqual({ streets: { type: 'geojson', data: '/api/v1/map/streets' } });
    expect(layers.glyphs).toBeNull();
  });

  test("names streets with the server's glyph folder when it has one", () => {
    const glyphs = {
      url: '/api/v1/map/glyphs/{fontstack}/{range}.pbf',
      fonts: ['Noto Sans Regular'],
    };
    expect(streetLayers(config({ glyphs }), ORIGIN)!.glyphs).toBe(
      `${ORIGIN}/api/v1/map/glyphs/{fontstack}/{range}.pbf`,
    );
  });
});

describe('deviceMapRequests', () => {
  const transform = deviceMapRequests('tok-123', ORIGIN);

  test("sends the device token with requests to this server's API", () => {
    expect(transform(`${ORIGIN}/api/v1/map/streets`)).toEqual({
      url: `${ORIGIN}/api/v1/map/streets`,
      headers: { authorization: 'Bearer tok-123' },
    });
    expect(transform('/api/v1/map/glyphs/Noto%20Sans/0-255.pbf')).toMatchObject({
      url: `${ORIGIN}/api/v1/map/glyphs/Noto%20Sans/0-255.pbf`,
      headers: { authorization: 'Bearer tok-123' },
    });
  });

  test('leaves requests to other hosts and to files outside the API alone', () => {
    expect(transform('https://tiles.example.com/api/v1/map/streets')).toBeUndefined();
    expect(transform(`${ORIGIN}/_app/immutable/worker.js`)).toBeUndefined();
    expect(transform('blob:https://dispatch.test/0f1e')).toBeUndefined();
  });
});
