import { gridPathCells } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { courierCell } from '@dispatch/shared';
import { FleetCellIndex } from './fleet-cell-index';
import { pointAt, makeCourier, makeLiveStop } from '../../../../test/factories/suggest-factories';

const cellAt = (east: number) => {
  const p = pointAt(east);
  return courierCell(p.lat, p.lng);
};

describe('FleetCellIndex', () => {
  it('files a courier under its position, its stops and the cells between them', () => {
    const index = new FleetCellIndex();
    index.update(makeCourier(1, 0, [makeLiveStop(11, 2000)]));

    const way = gridPathCells(cellAt(0), cellAt(2000));
    expect(way.length).toBeGreaterThan(3);
    for (const cell of way) expect([...index.couriersIn(cell)]).toEqual([1]);
  });

  it('moves a courier out of the cells it no longer passes', () => {
    const index = new FleetCellIndex();
    index.update(makeCourier(1, 0, [makeLiveStop(11, 2000)]));

    index.update(makeCourier(1, 5000));

    expect(index.couriersIn(cellAt(2000)).size).toBe(0);
    expect([...index.couriersIn(cellAt(5000))]).toEqual([1]);
    expect(index.cellCount).toBe(1);
  });

  it('follows a moving courier and keeps the cells of its route', () => {
    const index = new FleetCellIndex();
    const route = [makeLiveStop(11, 2000), makeLiveStop(12, 4000)];
    index.update(makeCourier(1, -2000, route));

    index.update(makeCourier(1, 3000, route));

    expect(index.couriersIn(cellAt(-2000)).size).toBe(0);
    expect(index.couriersIn(cellAt(-1000)).size).toBe(0);
    for (const east of [3000, 2500, 2000, 3500, 4000])
      expect([...index.couriersIn(cellAt(east))]).toEqual([1]);
  });

  it('forgets a removed courier entirely', () => {
    const index = new FleetCellIndex();
    index.update(makeCourier(1, 0, [makeLiveStop(11, 2000)]));
    index.update(makeCourier(2, 0));

    index.remove(1);

    expect(index.size).toBe(1);
    expect(index.cellCount).toBe(1);
    expect([...index.couriersIn(cellAt(0))]).toEqual([2]);
  });
});
