import type { StopKind } from '@dispatch/shared';
import { describe, expect, it } from 'vitest';
import { pairUnits, type UnitStop } from './plan-units';

function stop(id: number, kind: StopKind, orderRef: string | null = null): UnitStop {
  return {
    id,
    kind,
    orderRef,
    visit: {
      lat: id,
      lng: -id,
      windowStart: 0,
      windowEnd: 3_600_000,
      serviceSeconds: 60,
      demand: 1,
    },
  };
}

describe('pairUnits', () => {
  it("makes an order's pickup and delivery one unit, pickup first, driving on to the delivery", () => {
    const pickup = stop(1, 'pickup', 'A-17');
    const delivery = stop(2, 'delivery', 'A-17');
    const units = pairUnits([delivery, pickup], true);
    expect(units).toEqual([
      {
        stopIds: [1, 2],
        plan: { ...pickup.visit, then: delivery.visit, pinnedTo: undefined },
        isNew: true,
      },
    ]);
  });

  it("makes a customer return's pickup and its drop-off at the hub one unit, return first", () => {
    const units = pairUnits([stop(2, 'delivery', 'R-1'), stop(1, 'return_pickup', 'R-1')], true);
    expect(units.map((u) => u.stopIds)).toEqual([[1, 2]]);
  });

  it('leaves a stop whose order has no other stop among them a unit of its own', () => {
    const units = pairUnits(
      [stop(1, 'pickup', 'A-17'), stop(2, 'delivery', 'B-2'), stop(3, 'delivery')],
      false,
    );
    expect(units.map((u) => u.stopIds)).toEqual([[1], [2], [3]]);
    expect(units.every((u) => u.plan.then === undefined && !u.isNew)).toBe(true);
  });

  it('does not pair two deliveries that share a reference', () => {
    const units = pairUnits([stop(1, 'delivery', 'A-17'), stop(2, 'delivery', 'A-17')], true);
    expect(units.map((u) => u.stopIds)).toEqual([[1], [2]]);
  });

  it('pins every unit to the courier it is given', () => {
    const units = pairUnits(
      [stop(1, 'pickup', 'A-17'), stop(2, 'delivery', 'A-17'), stop(3, 'delivery')],
      false,
      4,
    );
    expect(units.map((u) => u.plan.pinnedTo)).toEqual([4, 4]);
  });
});
