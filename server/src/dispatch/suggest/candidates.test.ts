import { gridDistance } from 'h3-js';
import { describe, expect, it } from 'vitest';
import { findCandidates } from './candidates';
import { ineligibility } from './eligibility';
import { stopCell } from './model';
import { DEFAULT_SUGGEST_OPTIONS } from './options';
import {
  MINUTE_MS,
  T0,
  makeCourier,
  makeLiveStop,
  modelOf,
} from '../../../../test/factories/suggest-factories';

const rules = DEFAULT_SUGGEST_OPTIONS;
const query = { now: T0 };

describe('findCandidates', () => {
  it('stops expanding rings after the first ring that brings the eligible count to N', () => {
    // Couriers every 150 m east of the stop, every other one unavailable.
    const couriers = Array.from({ length: 40 }, (_, i) =>
      makeCourier(i + 1, 150 * i, [], { available: i % 2 === 0 }),
    );
    const model = modelOf(couriers);
    const stop = makeLiveStop(100, 0, { status: 'unassigned' });
    const origin = stopCell(stop);
    const ringOf = new Map(
      couriers.map((c) => [c.id, gridDistance(origin, model.index.cellsOfCourier(c.id)[0]!)]),
    );
    const eligibleWithin = (k: number) =>
      couriers.filter((c) => c.available && ringOf.get(c.id)! <= k).length;

    const search = findCandidates(stop, model, { ...rules, minCandidates: 5 }, query);

    expect(search.candidates.length).toBeGreaterThanOrEqual(5);
    expect(eligibleWithin(search.rings - 1)).toBeGreaterThanOrEqual(5);
    expect(eligibleWithin(search.rings - 2)).toBeLessThan(5);
    const reached = couriers.filter((c) => ringOf.get(c.id)! <= search.rings - 1);
    expect(search.examined).toBe(reached.length);
    expect(search.examined).toBeLessThan(couriers.length);
  });

  it('lists candidates nearest first, by how near their way comes to the stop', () => {
    const passingBy = makeCourier(1, -900, [makeLiveStop(11, 900)]);
    const standingNear = makeCourier(2, 400);
    const model = modelOf([passingBy, standingNear]);
    const stop = makeLiveStop(100, 0, { status: 'unassigned' });

    const search = findCandidates(stop, model, rules, query);

    expect(search.candidates.map((c) => c.courier.id)).toEqual([1, 2]);
    expect(search.candidates[0]!.reachMeters).toBeLessThan(1);
  });

  it('skips couriers that are off shift, full, too far for their vehicle, unavailable, unlocated or the owner', () => {
    const stop = makeLiveStop(100, 0);
    const couriers = [
      makeCourier(1, 0, [stop]),
      makeCourier(2, 200),
      makeCourier(3, 200, [], { onShiftUntil: T0 + MINUTE_MS }),
      makeCourier(4, 200, [], { capacity: 2, load: 2 }),
      makeCourier(5, 2500, [], { vehicle: 'foot' }),
      makeCourier(6, 1500, [], { vehicle: 'foot' }),
      makeCourier(7, 2500),
      makeCourier(8, 200, [], { available: false }),
      makeCourier(9, null),
    ];
    const model = modelOf(couriers);

    const search = findCandidates(stop, model, { ...rules, minCandidates: 20 }, query);

    expect(search.candidates.map((c) => c.courier.id)).toEqual([2, 6, 7]);
    expect(couriers.map((c) => ineligibility(c, stop, query, rules))).toEqual([
      'current_courier',
      null,
      'off_shift',
      'no_capacity',
      'too_far',
      null,
      null,
      'unavailable',
      'no_position',
    ]);
  });

  it('never looks past the distance limit', () => {
    const model = modelOf([makeCourier(1, 600), makeCourier(2, 1400), makeCourier(3, 6000)]);
    const stop = makeLiveStop(100, 0, { status: 'unassigned' });

    const search = findCandidates(
      stop,
      model,
      { ...rules, minCandidates: 8, maxDistanceMeters: 1000 },
      query,
    );

    expect(search.candidates.map((c) => c.courier.id)).toEqual([1]);
    expect(search.examined).toBe(2);
  });
});
