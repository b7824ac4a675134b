import { describe, expect, test } from 'vitest';
import { navigationUrl } from './navigation';

const ANDROID = 'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/126 Mobile';
const IPHONE = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15';

describe('directions to a stop', () => {
  test('an Android phone gets a geo: link any maps app can answer, with the stop named', () => {
    expect(navigationUrl({ lat: -20.4697, lng: -54.6201, label: 'A-17' }, ANDROID)).toBe(
      'geo:-20.4697,-54.6201?q=-20.4697,-54.6201(A-17)',
    );
  });

  test('other phones get Google Maps directions to the point', () => {
    expect(navigationUrl({ lat: -20.4697, lng: -54.6201 }, IPHONE)).toBe(
      'https://www.google.com/maps/dir/?api=1&destination=-20.4697%2C-54.6201',
    );
  });

  test('coordinates are cut to six decimals and labels escaped', () => {
    expect(navigationUrl({ lat: 1.123456789, lng: 2.987654321, label: 'Rua A, 10' }, ANDROID)).toBe(
      'geo:1.123457,2.987654?q=1.123457,2.987654(Rua%20A%2C%2010)',
    );
  });
});
