import { describe, expect, test } from 'vitest';
import { PHOTO_MAX_SIDE_PX } from '@dispatch/shared';
import { downscaledSize } from './photo-size';

describe('downscaling photos', () => {
  test('a landscape camera photo gets a longest side of 1600 px, proportions kept', () => {
    expect(downscaledSize(4032, 3024)).toEqual({ width: PHOTO_MAX_SIDE_PX, height: 1200 });
  });

  test('a portrait photo is limited by its height', () => {
    expect(downscaledSize(3024, 4032)).toEqual({ width: 1200, height: 1600 });
  });

  test('a photo already small enough is left as it is, never enlarged', () => {
    expect(downscaledSize(1600, 900)).toEqual({ width: 1600, height: 900 });
    expect(downscaledSize(640, 480)).toEqual({ width: 640, height: 480 });
  });

  test('a very thin panorama keeps at least one pixel', () => {
    expect(downscaledSize(40_000, 10)).toEqual({ width: 1600, height: 1 });
  });

  test('the limit can be chosen', () => {
    expect(downscaledSize(1000, 500, 100)).toEqual({ width: 100, height: 50 });
  });
});
