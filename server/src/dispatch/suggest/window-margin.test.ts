import { describe, expect, it } from 'vitest';
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
 * Ana, at 0 m, goes 6 km west first and reaches #4711 (3 km east) at 12:52, 8 minutes before
 * its promised window ends at 13:00. Ben, at 2.4 km, would reach it at 12:02 on his way to his
 * own stop. Everyone moves at 300 m a minute and serves a stop in 2 minutes.
 */
function insideMarginScene() {
  const ana = makeCourier(1, 0, [
    makeLiveStop(10, -6000, { windowEnd: T0 + 60 * MINUTE_MS }),
    makeLiveStop(4711, 3000, { windowEnd: T0 + 60 * MINUTE_MS }),
  ]);
  const ben = makeCourier(2, 2400, [makeLiveStop(20, 3600, { windowEnd: T0 + 90 * MINUTE_MS })]);
  return modelOf([ana, ben]);
}

const TRIGGER = { kind: 'late_risk', stopId: 4711 } as const;

describe('a safety margin on window ends', () => {
  it('weighs nothing as late for a stop inside its promised window when there is none', () => {
    expect(proposeFor(TRIGGER, insideMarginScene(), options)).toEqual([]);
  });

  it('counts a move out of the margin as removing lateness when it is set', () => {
    const [best] = proposeFor(TRIGGER, insideMarginScene(), {
      ...options,
      windowMarginMinutes: 15,
    });

    // Against 12:45: 7 min late with Ana, on time with Ben.
    expect(best).toMatchObject({
      toCourierId: 2,
      effect: { latenessRemovedMinutes: 7, otherStopsMadeLate: [] },
    });
  });

  it('explains the move against the promised window', () => {
    const [best] = proposeFor(TRIGGER, insideMarginScene(), {
      ...options,
      windowMarginMinutes: 15,
    });

    expect(best!.explanation).toBe(
      "Move #4711 from Ana (predicted 8 min before the window ends) to Ben as 1st stop: arrives 12:02, window ends 13:00; Ben's other stop stays on time; +2 min to Ben's route",
    );
  });

  it('never counts from before the window opens', () => {
    const ana = makeCourier(1, 0, [
      makeLiveStop(10, -6000, { windowEnd: T0 + 60 * MINUTE_MS }),
      makeLiveStop(4711, 3000, {
        windowStart: T0 + 55 * MINUTE_MS,
        windowEnd: T0 + 60 * MINUTE_MS,
      }),
    ]);
    const ben = makeCourier(2, 2400);
    const model = modelOf([ana, ben]);

    // Working end 12:55, not 12:45: Ana reaching it at 12:52 is on time.
    expect(proposeFor(TRIGGER, model, { ...options, windowMarginMinutes: 15 })).toEqual([]);
  });
});
