import { describe, expect, it } from 'vitest';
import { checkSolution } from '../routing/checker';
import type { LiveModel } from './model';
import type { Proposal } from './proposal';
import { proposeFor } from './propose';
import {
  MINUTE_MS,
  T0,
  makeCourier,
  makeLiveStop,
  modelOf,
  options,
  routeAsProblem,
  routesAfter,
} from '../../../../test/factories/suggest-factories';

/**
 * Ana stalled at 0 m twelve minutes ago with three stops 1.5–2.7 km east, due 12:15–12:25:
 * held 15 more minutes, each would be 3–5 minutes late. Ben (at 1.2 km, one stop) and Cy (at
 * 3.3 km, none) are close by.
 */
function stalledScene({ benCapacity = 12, cyCapacity = 12 } = {}) {
  const ana = makeCourier(
    1,
    0,
    [
      makeLiveStop(11, 1500, { windowEnd: T0 + 15 * MINUTE_MS }),
      makeLiveStop(12, 2100, { windowEnd: T0 + 20 * MINUTE_MS }),
      makeLiveStop(13, 2700, { windowEnd: T0 + 25 * MINUTE_MS }),
    ],
    { available: false },
  );
  const ben = makeCourier(2, 1200, [makeLiveStop(20, 600, { windowEnd: T0 + 60 * MINUTE_MS })], {
    capacity: benCapacity,
  });
  const cy = makeCourier(3, 3300, [], { capacity: cyCapacity });
  return modelOf([ana, ben, cy]);
}

const stalled = { kind: 'stalled', courierId: 1, since: T0 - 12 * MINUTE_MS } as const;

/** Violations of every receiving route after the moves, checked from scratch. */
function receiverViolations(model: LiveModel, proposal: Proposal) {
  const routes = routesAfter(model, proposal.moves);
  const receivers = new Set(proposal.moves.map((move) => move.toCourierId));
  return [...receivers].flatMap((id) => {
    const { problem, solution } = routeAsProblem(model.couriers.get(id)!, routes.get(id)!, T0);
    return checkSolution(problem, solution);
  });
}

describe('proposeFor a stalled courier', () => {
  it("moves all of the stalled courier's open stops", () => {
    const model = stalledScene();

    const [best] = proposeFor(stalled, model, options);

    expect(best!.kind).toBe('stalled');
    expect(best!.fromCourierId).toBe(1);
    expect([...best!.stopIds].sort()).toEqual([11, 12, 13]);
    expect(best!.effect.latenessRemovedMinutes).toBe(12);
    expect(best!.explanation).toContain('Ana (stalled 12 min)');
  });

  it('leaves every receiving route feasible by the routing checker', () => {
    const model = stalledScene();

    const proposals = proposeFor(stalled, model, options);

    expect(proposals.length).toBeGreaterThan(0);
    for (const proposal of proposals) expect(receiverViolations(model, proposal)).toEqual([]);
  });

  it('keeps the stops together, in order, when one courier takes them all', () => {
    const model = stalledScene();

    const together = proposeFor(stalled, model, options).find(
      (p) => new Set(p.moves.map((m) => m.toCourierId)).size === 1,
    );

    expect(together!.stopIds).toEqual([11, 12, 13]);
    const first = together!.insertPosition;
    expect(together!.moves.map((m) => m.insertPosition)).toEqual([first, first + 1, first + 2]);
  });

  it('spreads the stops over several couriers when none can take them all', () => {
    const model = stalledScene({ benCapacity: 3, cyCapacity: 1 });

    const [best] = proposeFor(stalled, model, options);

    expect([...best!.stopIds].sort()).toEqual([11, 12, 13]);
    expect(new Set(best!.moves.map((m) => m.toCourierId))).toEqual(new Set([2, 3]));
    expect(best!.explanation).toMatch(/^Move all 3 of Ana's stops \(stalled 12 min\): #1\d to /);
    expect(receiverViolations(model, best!)).toEqual([]);
  });

  it('proposes nothing for a courier with no stops left to move', () => {
    const model = stalledScene();

    expect(proposeFor({ ...stalled, courierId: 3 }, model, options)).toEqual([]);
  });
});
