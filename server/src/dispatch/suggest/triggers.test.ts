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

/** Ana (at 0 m, one stop at 1.2 km) failed #40 at 300 m; Ben waits 5 km away. */
function failedScene(failed: Partial<Parameters<typeof makeLiveStop>[2]> = {}) {
  const ana = makeCourier(1, 0, [makeLiveStop(30, 1200, { windowEnd: T0 + 60 * MINUTE_MS })]);
  const ben = makeCourier(2, 5000);
  const stop = makeLiveStop(40, 300, {
    status: 'failed',
    courierId: 1,
    attempts: 1,
    windowEnd: T0 + 120 * MINUTE_MS,
    ...failed,
  });
  return modelOf([ana, ben], [stop]);
}

describe('proposeFor a failed attempt', () => {
  it('re-inserts the stop with its own courier, no sooner than the retry delay', () => {
    const [best] = proposeFor({ kind: 'failed_attempt', stopId: 40 }, failedScene(), options);

    expect(best).toMatchObject({
      kind: 'failed_attempt',
      fromCourierId: 1,
      toCourierId: 1,
      insertPosition: 2,
    });
    expect(best!.explanation).toBe(
      "Re-attempt #40 with Ana as 2nd stop: arrives 12:09, waits until 12:30, window ends 14:00; Ana's other stop stays on time; +26 min to Ana's route",
    );
  });

  it('offers another courier too', () => {
    const proposals = proposeFor({ kind: 'failed_attempt', stopId: 40 }, failedScene(), options);

    expect(proposals.map((p) => p.toCourierId)).toEqual([1, 2]);
    expect(proposals[1]!.explanation).toMatch(
      /^Re-attempt #40 with Ben instead of Ana as 1st stop/,
    );
  });

  it('gives up after the second attempt', () => {
    const model = failedScene({ attempts: 2 });

    expect(proposeFor({ kind: 'failed_attempt', stopId: 40 }, model, options)).toEqual([]);
  });

  it('gives up once the window is over', () => {
    const model = failedScene({ windowEnd: T0 - MINUTE_MS });

    expect(proposeFor({ kind: 'failed_attempt', stopId: 40 }, model, options)).toEqual([]);
  });
});

describe('proposeFor an unassigned stop', () => {
  it('assigns it where it adds least, even when that is late, and says so', () => {
    const ana = makeCourier(1, 0, [makeLiveStop(30, -1200)]);
    const ben = makeCourier(2, 2400);
    const stop = makeLiveStop(50, 6000, { status: 'unassigned', windowEnd: T0 + 10 * MINUTE_MS });
    const model = modelOf([ana, ben], [stop]);

    const [best] = proposeFor({ kind: 'unassigned', stopId: 50 }, model, options);

    expect(best).toMatchObject({
      kind: 'unassigned',
      fromCourierId: null,
      toCourierId: 2,
      insertPosition: 1,
      routeVersions: { '2': 1 },
    });
    expect(best!.effect.latenessRemovedMinutes).toBe(-2);
    expect(best!.explanation).toBe(
      "Assign #50 to Ben as 1st stop: arrives 12:12, window ends 12:10 (2 min late); Ben has no other stops; +14 min to Ben's route",
    );
  });
});
