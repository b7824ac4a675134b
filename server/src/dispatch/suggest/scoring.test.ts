import { describe, expect, it } from 'vitest';
import { clockFormatter } from './options';
import { proposeFor } from './propose';
import {
  MINUTE_MS,
  T0,
  makeCourier,
  makeLiveStop,
  modelOf,
  options,
} from '../../../../test/factories/suggest-factories';

/**
 * Ana, at 0 m, goes 6 km west first and reaches #4711 (3 km east) at 12:52, 7 minutes after
 * its window ends. Ben, at 2.4 km, has one stop at 3.6 km: #4711 lies on his way.
 * Everyone moves at 300 m a minute and serves a stop in 2 minutes.
 */
function lateStopScene({ benStopWindowEndMinutes = 90, withCy = true } = {}) {
  const atRisk = makeLiveStop(4711, 3000, { windowEnd: T0 + 45 * MINUTE_MS });
  const ana = makeCourier(1, 0, [
    makeLiveStop(10, -6000, { windowEnd: T0 + 60 * MINUTE_MS }),
    atRisk,
  ]);
  const ben = makeCourier(2, 2400, [
    makeLiveStop(20, 3600, { windowEnd: T0 + benStopWindowEndMinutes * MINUTE_MS }),
  ]);
  const cy = makeCourier(3, 9000);
  return modelOf(withCy ? [ana, ben, cy] : [ana, ben]);
}

describe('proposeFor a late-risk stop', () => {
  it('removes the predicted lateness, net of the time added to the receiving route', () => {
    const [best] = proposeFor({ kind: 'late_risk', stopId: 4711 }, lateStopScene(), options);

    expect(best).toMatchObject({
      kind: 'late_risk',
      stopIds: [4711],
      fromCourierId: 1,
      toCourierId: 2,
      insertPosition: 1,
      moves: [{ stopId: 4711, toCourierId: 2, insertPosition: 1 }],
      routeVersions: { '1': 1, '2': 1 },
      effect: {
        latenessRemovedMinutes: 7,
        addedMinutes: 2,
        otherStopsOnTime: 1,
        otherStopsMadeLate: [],
        arrivals: [{ stopId: 4711, arriveAt: T0 + 2 * MINUTE_MS }],
      },
    });
    expect(best!.score).toBeCloseTo(7 - 0.3 * 2, 6);
  });

  it('ranks every courier that helps, best first', () => {
    const proposals = proposeFor({ kind: 'late_risk', stopId: 4711 }, lateStopScene(), options);

    // Cy drives 20 minutes to get there: 7 − 0.3 × 22 = 0.4.
    expect(proposals.map((p) => p.toCourierId)).toEqual([2, 3]);
    expect(proposals[1]!.score).toBeCloseTo(0.4, 6);
  });

  it('explains the move in plain words, in the hub’s time zone', () => {
    const [best] = proposeFor({ kind: 'late_risk', stopId: 4711 }, lateStopScene(), {
      ...options,
      formatClock: clockFormatter('America/Sao_Paulo'),
    });

    expect(best!.explanation).toBe(
      "Move #4711 from Ana (predicted 7 min late) to Ben as 1st stop: arrives 09:02, window ends 09:45; Ben's other stop stays on time; +2 min to Ben's route",
    );
  });

  it('goes where no other stop becomes late, even when it costs more', () => {
    // Ben's own stop is due at 12:05 and reached at 12:04: #4711 first would make it late.
    const [best] = proposeFor(
      { kind: 'late_risk', stopId: 4711 },
      lateStopScene({ benStopWindowEndMinutes: 5 }),
      options,
    );

    expect(best).toMatchObject({ toCourierId: 2, insertPosition: 2 });
    expect(best!.effect.otherStopsMadeLate).toEqual([]);
    expect(best!.effect.addedMinutes).toBe(4);
  });

  it('counts no added time for a detour the receiver would have spent waiting', () => {
    const scene = lateStopScene({ withCy: false });
    const ben = makeCourier(2, 2400, [
      makeLiveStop(20, 3600, { windowStart: T0 + 30 * MINUTE_MS, windowEnd: T0 + 90 * MINUTE_MS }),
    ]);
    const model = modelOf([scene.couriers.get(1)!, ben]);

    const [best] = proposeFor({ kind: 'late_risk', stopId: 4711 }, model, options);

    expect(best).toMatchObject({ toCourierId: 2, insertPosition: 1 });
    expect(best!.effect.addedMinutes).toBe(0);
    expect(best!.score).toBeCloseTo(7, 6);
  });

  it('proposes nothing that would make another stop late unless allowed', () => {
    // Ben also has #21 6 km further east with a minute to spare: #4711 anywhere but last breaks
    // a window, and last it is still late and costs more than it saves.
    const scene = lateStopScene({ benStopWindowEndMinutes: 5, withCy: false });
    const ben = scene.couriers.get(2)!;
    const tight = makeCourier(2, 2400, [
      ...ben.route,
      makeLiveStop(21, 9600, { windowEnd: T0 + 27 * MINUTE_MS }),
    ]);
    const model = modelOf([scene.couriers.get(1)!, tight]);

    expect(proposeFor({ kind: 'late_risk', stopId: 4711 }, model, options)).toEqual([]);
  });

  it('names the stops it makes late when collateral lateness is allowed', () => {
    const scene = lateStopScene({ benStopWindowEndMinutes: 5, withCy: false });
    const ben = scene.couriers.get(2)!;
    const tight = makeCourier(2, 2400, [
      ...ben.route,
      makeLiveStop(21, 9600, { windowEnd: T0 + 27 * MINUTE_MS }),
    ]);
    const model = modelOf([scene.couriers.get(1)!, tight]);

    const [best] = proposeFor({ kind: 'late_risk', stopId: 4711 }, model, {
      ...options,
      allowCollateral: true,
      madeLatePenalty: 2,
    });

    expect(best).toMatchObject({ toCourierId: 2, insertPosition: 2 });
    expect(best!.effect.otherStopsMadeLate).toEqual([21]);
    expect(best!.explanation).toBe(
      "Move #4711 from Ana (predicted 7 min late) to Ben as 2nd stop: arrives 12:08, window ends 12:45; Ben's #21 would be late; 1 other stop stays on time; +6 min to Ben's route",
    );
  });

  it('proposes nothing for a stop that is no longer movable', () => {
    const model = lateStopScene();
    model.stops.get(4711)!.status = 'arrived';

    expect(proposeFor({ kind: 'late_risk', stopId: 4711 }, model, options)).toEqual([]);
  });
});
