import { describe, expect, test } from 'vitest';
import { boundsOf, overlaps, paddingAround } from './map-framing';

describe('map framing', () => {
  test('the bounds hold every point', () => {
    expect(
      boundsOf([
        [-54.6, -20.4],
        [-54.5, -20.5],
        [-54.7, -20.45],
      ]),
    ).toEqual([
      [-54.7, -20.5],
      [-54.5, -20.4],
    ]);
    expect(boundsOf([])).toBeNull();
  });

  test('a legend in the top-left corner pushes the left padding past its right edge', () => {
    const legend = { left: 12, top: 12, right: 268, bottom: 400 };
    const padding = paddingAround(1000, 800, [legend], 40);
    expect(padding.left).toBe(288);
    expect(padding).toMatchObject({ top: 40, right: 40, bottom: 40 });
  });

  test('a wide notice along the top pushes the top padding', () => {
    const notice = { left: 300, top: 10, right: 900, bottom: 70 };
    expect(paddingAround(1000, 800, [notice], 40).top).toBe(90);
  });

  test('padding never takes more than 40 % of the map', () => {
    const panel = { left: 0, top: 0, right: 700, bottom: 800 };
    expect(paddingAround(1000, 800, [panel], 40).left).toBe(400);
  });

  test('panels off the map change nothing', () => {
    const panel = { left: -300, top: 0, right: -10, bottom: 800 };
    expect(paddingAround(1000, 800, [panel], 40).left).toBe(40);
  });

  test('rectangles touching at an edge do not overlap', () => {
    const a = { left: 0, top: 0, right: 10, bottom: 10 };
    expect(overlaps(a, { left: 10, top: 0, right: 20, bottom: 10 })).toBe(false);
    expect(overlaps(a, { left: 9, top: 9, right: 20, bottom: 20 })).toBe(true);
  });
});
