import { COURIER_STATUSES } from '@dispatch/shared';
import { describe, expect, test } from 'vitest';
import { atZoom, markerSizes, rgbOf, statusColorTable } from './courier-style';
import { COURIER_STATUS_COLORS } from './palette';

describe('courier marker style', () => {
  test('a zoom ramp is flat outside its stops and linear between them', () => {
    const ramp = [10, 4, 16, 8] as const;
    expect(atZoom(ramp, 5)).toBe(4);
    expect(atZoom(ramp, 13)).toBe(6);
    expect(atZoom(ramp, 20)).toBe(8);
  });

  test('the heading arrow scales with the dot, 60% at zoom 10 to full size at 16', () => {
    expect(markerSizes(10)).toMatchObject({ radiusPx: 4, arrowPx: 7.2, arrowOffsetPx: 8.4 });
    expect(markerSizes(16)).toMatchObject({ radiusPx: 8, arrowPx: 12, arrowOffsetPx: 14 });
  });

  test('colours are read from #rrggbb', () => {
    expect(rgbOf('#ff8000')).toEqual([1, 128 / 255, 0]);
    expect(() => rgbOf('red')).toThrow(/#rrggbb/);
  });

  test('the status colour table follows the order of COURIER_STATUSES', () => {
    const table = statusColorTable();
    expect(table).toHaveLength(COURIER_STATUSES.length * 3);
    const i = COURIER_STATUSES.indexOf('en_route');
    const [r, g, b] = rgbOf(COURIER_STATUS_COLORS.en_route);
    expect([...table.subarray(i * 3, i * 3 + 3)]).toEqual([
      Math.fround(r),
      Math.fround(g),
      Math.fround(b),
    ]);
  });
});
