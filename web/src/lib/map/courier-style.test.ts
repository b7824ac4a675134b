import { describe, expect, test } from 'vitest';
import { COURIER_STATES, MOVEMENTS } from '../state/fleet-lateness';
import {
  MOVEMENT_MARKS,
  PIP_CODES,
  atZoom,
  markerSizes,
  movementMarkTable,
  rgbOf,
  stateColorTable,
} from './courier-style';
import { COURIER_STATE_COLORS } from './palette';

describe('courier marker style', () => {
  test('a zoom ramp is flat outside its stops and linear between them', () => {
    const ramp = [10, 4, 16, 8] as const;
    expect(atZoom(ramp, 5)).toBe(4);
    expect(atZoom(ramp, 13)).toBe(6);
    expect(atZoom(ramp, 20)).toBe(8);
  });

  test('the heading arrow scales with the dot, 60% at zoom 10 to full size at 16', () => {
    expect(markerSizes(10)).toMatchObject({ radiusPx: 4.5, arrowPx: 7.2, arrowOffsetPx: 9.5 });
    expect(markerSizes(16)).toMatchObject({ radiusPx: 9, arrowPx: 12, arrowOffsetPx: 15.5 });
  });

  test('colours are read from #rrggbb', () => {
    expect(rgbOf('#ff8000')).toEqual([1, 128 / 255, 0]);
    expect(() => rgbOf('red')).toThrow(/#rrggbb/);
  });

  test('the state colour table follows the order of COURIER_STATES', () => {
    const table = stateColorTable();
    expect(table).toHaveLength(COURIER_STATES.length * 3);
    const i = COURIER_STATES.indexOf('late');
    const [r, g, b] = rgbOf(COURIER_STATE_COLORS.late);
    expect([...table.subarray(i * 3, i * 3 + 3)]).toEqual([
      Math.fround(r),
      Math.fround(g),
      Math.fround(b),
    ]);
  });

  test('every movement has its own mark', () => {
    const marks = MOVEMENTS.map((m) => JSON.stringify(MOVEMENT_MARKS[m]));
    expect(new Set(marks).size).toBe(MOVEMENTS.length);
    const table = movementMarkTable();
    const stalled = MOVEMENTS.indexOf('stalled');
    expect([...table.subarray(stalled * 3, stalled * 3 + 3)]).toEqual([
      PIP_CODES.dark,
      Math.fround(0.45),
      1,
    ]);
  });

  test('no two marker fills share a colour', () => {
    const colors = COURIER_STATES.map((s) => COURIER_STATE_COLORS[s]);
    expect(new Set(colors).size).toBe(colors.length);
  });
});
