import { describe, expect, test } from 'vitest';
import { localMatrix, mercatorX, mercatorY, screenPoint, worldSizePx } from './mercator';

/** Column-major 4×4 matrix times (x, y, 0, 1). */
function apply(m: ArrayLike<number>, x: number, y: number): [number, number, number, number] {
  return [0, 1, 2, 3].map((r) => m[r]! * x + m[4 + r]! * y + m[12 + r]!) as [
    number,
    number,
    number,
    number,
  ];
}

describe('mercator', () => {
  test('the equator and the prime meridian are the middle of the world', () => {
    expect(mercatorX(0)).toBe(0.5);
    expect(mercatorY(0)).toBeCloseTo(0.5, 12);
  });

  test('the map edges are 180° east and west and about 85.05° north and south', () => {
    expect(mercatorX(-180)).toBe(0);
    expect(mercatorX(180)).toBe(1);
    expect(mercatorY(85.0511287798)).toBeCloseTo(0, 8);
    expect(mercatorY(-85.0511287798)).toBeCloseTo(1, 8);
  });

  test('the world is 512 pixels across at zoom 0 and doubles with each zoom', () => {
    expect(worldSizePx(0)).toBe(512);
    expect(worldSizePx(12)).toBe(512 * 4096);
  });

  test('the local matrix puts an offset where the view matrix puts its world pixel', () => {
    const view = [0.3, -0.1, 0.02, 0.001, 0.2, 0.5, -0.03, 0.002, 0, 0, 1, 0, -40, 7, 3, 1];
    const [ox, oy, size] = [0.3498, 0.5582, worldSizePx(14)];
    const [dx, dy] = [2.5e-5, -1.5e-5];
    const local = localMatrix(view, ox, oy, size, new Float64Array(16));
    const expected = apply(view, (ox + dx) * size, (oy + dy) * size);
    apply(local, dx, dy).forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 6));
  });

  test('a screen point is in CSS pixels from the top left', () => {
    // Clip space straight from the offsets: x and y in -1..1, w = 1.
    const matrix = new Float64Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]);
    const view = { matrix, widthPx: 800, heightPx: 600 };
    expect(screenPoint(view, -1, 1, [0, 0])).toEqual([0, 0]);
    expect(screenPoint(view, 0.5, -0.5, [0, 0])).toEqual([600, 450]);
  });

  test('a point behind the camera has no screen point', () => {
    const matrix = new Float64Array([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, -1]);
    const [x, y] = screenPoint({ matrix, widthPx: 800, heightPx: 600 }, 0, 0, [0, 0]);
    expect(x).toBeNaN();
    expect(y).toBeNaN();
  });
});
