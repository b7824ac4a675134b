import { describe, expect, it } from 'vitest';
import { FAR_FROM_STOP_METERS, visitPlace } from './visit-report';

describe('where the courier was at a visit', () => {
  const stop = { lat: 52.5, lng: 13.4 };

  it('measures the distance from the fix to the stop', () => {
    const place = visitPlace({ t: 0, lat: 52.501, lng: 13.4 }, stop, true);
    expect(place.distanceMeters).toBe(111);
    expect(place.farFromStop).toBe(false);
  });

  it('flags a completion farther than the limit', () => {
    const far = visitPlace({ t: 0, lat: 52.51, lng: 13.4 }, stop, true);
    expect(far.distanceMeters).toBeGreaterThan(FAR_FROM_STOP_METERS);
    expect(far.farFromStop).toBe(true);
  });

  it('does not flag an arrival, only a completion', () => {
    expect(visitPlace({ t: 0, lat: 52.51, lng: 13.4 }, stop, false).farFromStop).toBe(false);
  });

  it('knows nothing without a fix', () => {
    expect(visitPlace(null, stop, true)).toEqual({
      fix: null,
      distanceMeters: null,
      farFromStop: false,
    });
  });
});
