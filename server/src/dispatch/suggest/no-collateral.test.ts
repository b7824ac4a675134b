import { describe, expect, it } from 'vitest';
import { ConstantSpeedProvider } from '../../eta/constant-speed-provider';
import { stopLabel } from './explain';
import type { LiveModel } from './model';
import type { Proposal, Trigger } from './proposal';
import { proposeFor } from './propose';
import { randomCity } from '../../../../test/factories/random-city';
import { arrivalsAlong, routesAfter } from '../../../../test/factories/suggest-factories';

const provider = new ConstantSpeedProvider();
const SLACK_MS = 1e-3;

/** Triggers of every kind in a random city: a late stop, a new stop, a courier with stops. */
function triggersOf(seed: number) {
  const city = randomCity({ seed, couriers: 150, stopsPerCourier: 5, radiusMeters: 4000 });
  const busy = [...city.model.couriers.values()].filter((c) => c.route.length >= 2);
  const idle = busy[city.random.below(busy.length)]!;
  const triggers: Trigger[] = [
    { kind: 'late_risk', stopId: city.lateStop().id },
    { kind: 'unassigned', stopId: city.newStop().id },
    { kind: 'stalled', courierId: idle.id, since: city.model.now - 10 * 60_000 },
  ];
  return { model: city.model, triggers };
}

/** Stops of the receiving routes, other than the moved ones, that end up later than their window or later than before. */
function harmedStops(model: LiveModel, proposal: Proposal) {
  const moved = new Set(proposal.stopIds);
  const routes = routesAfter(model, proposal.moves);
  const harmed: { id: number; label: string }[] = [];
  for (const id of new Set(proposal.moves.map((m) => m.toCourierId))) {
    const courier = model.couriers.get(id)!;
    const before = arrivalsAlong(courier, courier.route, model.now, provider);
    const after = arrivalsAlong(courier, routes.get(id)!, model.now, provider);
    for (const stop of courier.route) {
      if (moved.has(stop.id)) continue;
      const was = before.get(stop.id)!;
      const now = after.get(stop.id)!;
      const wasOnTime = was <= stop.windowEnd + SLACK_MS;
      const harm = wasOnTime ? now > stop.windowEnd + SLACK_MS : now > was + SLACK_MS;
      if (harm) harmed.push({ id: stop.id, label: stopLabel(stop) });
    }
  }
  return harmed;
}

// Forty cities of 150 couriers each: seconds of work, more on a loaded machine.
describe('proposals on random cities', { timeout: 60_000 }, () => {
  it('never make another stop late, or a late one later', () => {
    let checked = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const { model, triggers } = triggersOf(seed);
      for (const trigger of triggers) {
        for (const proposal of proposeFor(trigger, model, { provider })) {
          checked++;
          expect(proposal.effect.otherStopsMadeLate).toEqual([]);
          expect(harmedStops(model, proposal)).toEqual([]);
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('name every stop they make late when collateral lateness is allowed', () => {
    let collateral = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const { model, triggers } = triggersOf(seed);
      for (const trigger of triggers) {
        const proposals = proposeFor(trigger, model, {
          provider,
          allowCollateral: true,
          madeLatePenalty: 0.5,
        });
        for (const proposal of proposals) {
          const harmed = harmedStops(model, proposal);
          collateral += harmed.length;
          expect([...proposal.effect.otherStopsMadeLate].sort()).toEqual(
            harmed.map((h) => h.id).sort(),
          );
          for (const { label } of harmed) expect(proposal.explanation).toContain(label);
        }
      }
    }
    expect(collateral).toBeGreaterThan(0);
  });
});
