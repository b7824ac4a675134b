import { describe, expect, it } from 'vitest';
import {
  MINUTE_MS,
  T0,
  makeCourier,
  makeLiveStop,
  modelOf,
  provider,
} from '../../../../test/factories/suggest-factories';
import { DEFAULT_SUGGEST_OPTIONS } from '../suggest';
import { cheapestPlacement, evaluateMove } from './move-plan';
import { movingStops } from './moving-stops';
import { addedDriveSeconds, rankCandidates } from './rank-candidates';
import { routeAfterMove, routeOutlook } from './route-outlook';

// Everyone moves at 300 m a minute and serves a stop in 2 minutes (the suggestion fixtures).
const ids = (stops: readonly { id: number }[]) => stops.map((s) => s.id);
const nameOf = (id: number) => ['', 'Ana', 'Ben', 'Cy'][id] ?? `courier ${id}`;

describe('routeOutlook', () => {
  it('chains ETAs from where the courier is and sums the lateness of late stops', () => {
    const ana = makeCourier(1, 0, [
      makeLiveStop(10, 3000),
      makeLiveStop(11, 6000, { windowEnd: T0 + 15 * MINUTE_MS }),
    ]);

    const outlook = routeOutlook(ana, ana.route, T0, provider);

    expect(outlook.etas.get(10)!.arriveAt).toBe(T0 + 10 * MINUTE_MS);
    expect(outlook.etas.get(11)!.arriveAt).toBe(T0 + 22 * MINUTE_MS);
    expect([...outlook.lateStopIds]).toEqual([11]);
    expect(outlook.lateSeconds).toBeCloseTo(7 * 60, 6);
    expect(outlook.driveSeconds).toBeCloseTo(20 * 60, 6);
  });
});

describe('routeAfterMove', () => {
  const route = [makeLiveStop(1, 0), makeLiveStop(2, 0), makeLiveStop(3, 0)];
  const moving = [makeLiveStop(9, 0)];

  it('puts the moving stops as one block at the 1-based position, clamped to the route', () => {
    expect(ids(routeAfterMove(route, moving, true, 2))).toEqual([1, 9, 2, 3]);
    expect(ids(routeAfterMove(route, moving, true, 99))).toEqual([1, 2, 3, 9]);
    expect(ids(routeAfterMove(route, moving, true))).toEqual([1, 2, 3, 9]);
  });

  it('takes the moving stops out of a route that gives them away', () => {
    expect(ids(routeAfterMove(route, [route[1]!], false))).toEqual([1, 3]);
  });

  it('re-orders a stop within its own route', () => {
    expect(ids(routeAfterMove(route, [route[2]!], true, 1))).toEqual([3, 1, 2]);
  });
});

describe('cheapestPlacement', () => {
  it('puts a stop where the route passes by', () => {
    const ben = makeCourier(2, 0, [makeLiveStop(20, 3000), makeLiveStop(21, 9000)]);

    expect(cheapestPlacement(ben, [makeLiveStop(9, 6000)], T0, provider)).toEqual({
      position: 2,
      fits: true,
    });
  });

  it('says it does not fit when every place makes another stop late', () => {
    // Ben reaches #21 (3 km) at 10 min, its window ends at 11, and his shift at 13: first,
    // #9 makes #21 late; after, it runs past the shift end.
    const ben = makeCourier(2, 0, [makeLiveStop(21, 3000, { windowEnd: T0 + 11 * MINUTE_MS })], {
      onShiftUntil: T0 + 13 * MINUTE_MS,
    });

    expect(cheapestPlacement(ben, [makeLiveStop(9, -3000)], T0, provider).fits).toBe(false);
  });
});

describe('evaluateMove', () => {
  it("reports the giver's lateness removed and the driving the receiver gains", () => {
    const late = makeLiveStop(4711, 3000, { windowEnd: T0 + 20 * MINUTE_MS });
    const ana = makeCourier(1, 0, [makeLiveStop(10, -6000), late]);
    const ben = makeCourier(2, 2400, [makeLiveStop(20, 3600)]);

    const outcome = evaluateMove([ana], ben, [late], 1, T0, provider);

    const [giver, receiver] = outcome.couriers;
    expect(giver!.courier.id).toBe(1);
    expect(giver!.before.lateStopIds.has(4711)).toBe(true);
    expect(giver!.after.lateSeconds).toBe(0);
    expect(ids(receiver!.order)).toEqual([4711, 20]);
    expect(receiver!.after.etas.get(4711)!.arriveAt).toBe(T0 + 2 * MINUTE_MS);
    // Ben drove 4 minutes to #20; now 2 to #4711 and 2 more to #20: no extra driving.
    expect(addedDriveSeconds(receiver!)).toBeCloseTo(0, 6);
    expect(outcome.madeLate).toEqual([]);
  });

  it("names the receiver's stops the move makes late", () => {
    const moving = makeLiveStop(9, -3000, { courierId: null });
    const ben = makeCourier(2, 0, [makeLiveStop(21, 3000, { windowEnd: T0 + 11 * MINUTE_MS })]);

    const outcome = evaluateMove([], ben, [moving], 1, T0, provider);

    expect(outcome.madeLate).toEqual([21]);
  });
});

describe('rankCandidates', () => {
  function scene() {
    const stop = makeLiveStop(4711, 3000);
    const ana = makeCourier(1, 2900, [stop]);
    const ben = makeCourier(2, 0, [makeLiveStop(20, 6000)]);
    const cy = makeCourier(3, 2000);
    const dee = makeCourier(4, 3100, [], { available: false });
    return { stop, model: modelOf([ana, ben, cy, dee]) };
  }
  const rules = DEFAULT_SUGGEST_OPTIONS;

  it('never offers the current courier nor an unavailable one', () => {
    const { stop, model } = scene();

    const ranked = rankCandidates(model, [stop], rules, provider, 8);

    expect(ranked.map((r) => r.move.courier.id).sort()).toEqual([2, 3]);
  });

  it('ranks by the driving added: Ben passes by, Cy drives there and back from nowhere', () => {
    const { stop, model } = scene();

    const ranked = rankCandidates(model, [stop], rules, provider, 8);

    // Ben already drives through 3 km on his way to 6 km; Cy drives 1 km for it.
    expect(ranked.map((r) => r.move.courier.id)).toEqual([2, 3]);
    expect(addedDriveSeconds(ranked[0]!.move)).toBeCloseTo(0, 6);
    expect(addedDriveSeconds(ranked[1]!.move)).toBeCloseTo(200, 6);
    expect(ranked[0]!.placement).toEqual({ position: 1, fits: true });
  });

  it('returns at most the number asked for', () => {
    const { stop, model } = scene();

    expect(rankCandidates(model, [stop], rules, provider, 1)).toHaveLength(1);
  });
});

describe('movingStops', () => {
  const pickup = makeLiveStop(1, 0, { kind: 'pickup', orderRef: 'A-17', courierId: 1 });
  const delivery = makeLiveStop(2, 0, { kind: 'delivery', orderRef: 'A-17', courierId: 1 });
  const other = makeLiveStop(3, 0, { orderRef: 'B-2', courierId: 1 });

  it('brings the pickup along, first, when its delivery is moved', () => {
    const moving = movingStops([delivery], [pickup, delivery, other], 2, nameOf);

    expect(moving.ok && ids(moving.stops)).toEqual([1, 2]);
  });

  it('moves a stop without an order partner on its own', () => {
    const moving = movingStops([other], [pickup, delivery, other], 2, nameOf);

    expect(moving.ok && ids(moving.stops)).toEqual([3]);
  });

  it('refuses to take a delivery away from the courier that holds its parcel', () => {
    const collected = { ...pickup, status: 'delivered' as const };

    const moving = movingStops([delivery], [collected, delivery], 2, nameOf);

    expect(moving).toEqual({
      ok: false,
      message: 'Order #A-17 was already picked up by Ana, so its delivery stays with Ana',
    });
  });
});
