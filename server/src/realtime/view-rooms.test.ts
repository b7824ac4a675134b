import { describe, expect, it } from 'vitest';
import { latLngToCell } from 'h3-js';
import { roomsForView } from './view-rooms';

describe('roomsForView', () => {
  it('covers every point inside the bounds', () => {
    const bounds: [number, number, number, number] = [13.2, 52.4, 13.6, 52.6];
    const rooms = new Set(roomsForView({ bounds }));
    for (let i = 0; i <= 10; i++) {
      for (let j = 0; j <= 10; j++) {
        const lat = 52.4 + (0.2 * i) / 10;
        const lng = 13.2 + (0.4 * j) / 10;
        expect(rooms.has(latLngToCell(lat, lng, 5))).toBe(true);
      }
    }
  });

  it('covers a view smaller than one cell', () => {
    const rooms = roomsForView({ bounds: [2.35, 48.85, 2.351, 48.851] });
    expect(rooms).toContain(latLngToCell(48.8505, 2.3505, 5));
  });

  it('takes res-5 cells as they are and refuses other resolutions', () => {
    const cell = latLngToCell(10, 10, 5);
    expect(roomsForView({ cells: [cell, cell] })).toEqual([cell]);
    expect(() => roomsForView({ cells: [latLngToCell(10, 10, 9)] })).toThrow(/resolution 5/);
  });

  it('refuses inverted and oversized bounds', () => {
    expect(() => roomsForView({ bounds: [10, 10, 9, 11] })).toThrow(/west < east/);
    expect(() => roomsForView({ bounds: [-180, -90, 180, 90] })).toThrow(/too large/);
    expect(() => roomsForView({})).toThrow(/bounds/);
  });
});
