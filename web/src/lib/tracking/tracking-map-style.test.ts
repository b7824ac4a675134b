import { describe, expect, it } from 'vitest';
import { trackingBounds, trackingMapStyle } from './tracking-map-style';

describe('the tracking map’s basemap', () => {
  it('uses the operator’s style when there is one', () => {
    const style = trackingMapStyle(
      { mapStyleUrl: 'https://tiles.example/style.json', streetsUrl: '/api/v1/track/x/streets' },
      'https://track.example',
    );
    expect(style).toBe('https://tiles.example/style.json');
  });

  it('draws the server’s streets as lines from an absolute address without one', () => {
    const style = trackingMapStyle(
      { mapStyleUrl: null, streetsUrl: '/api/v1/track/abc/streets' },
      'https://track.example',
    );
    if (typeof style === 'string') throw new Error('expected a style object');
    expect(style.sources.streets).toEqual({
      type: 'geojson',
      data: 'https://track.example/api/v1/track/abc/streets',
    });
    expect(style.layers.map((l) => [l.id, l.type])).toEqual([
      ['background', 'background'],
      ['street-casing', 'line'],
      ['streets', 'line'],
    ]);
  });

  it('is a plain background when the server has no streets', () => {
    const style = trackingMapStyle({ mapStyleUrl: null, streetsUrl: null }, 'https://x.example');
    if (typeof style === 'string') throw new Error('expected a style object');
    expect(style.layers.map((l) => l.id)).toEqual(['background']);
    expect(style.sources).toEqual({});
  });

  it('frames the address and the courier together', () => {
    expect(
      trackingBounds([
        { lat: -20.47, lng: -54.62 },
        { lat: -20.46, lng: -54.63 },
      ]),
    ).toEqual([
      [-54.63, -20.47],
      [-54.62, -20.46],
    ]);
    expect(trackingBounds([])).toBeNull();
  });
});
