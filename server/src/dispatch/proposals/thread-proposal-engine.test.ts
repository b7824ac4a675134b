import { afterAll, describe, expect, it } from 'vitest';
import { LearnedSpeedProvider } from '../../eta/learned-speed-provider';
import { LearnedSpeeds } from '../../eta/learned-speeds';
import { RoadGraphProvider } from '../../eta/road-graph-provider';
import { gridNetwork } from '../../streets/grid';
import { FleetState } from '../../fleet/fleet-state';
import type { RosterEntry, RosterProfile, RosterStop } from '../../fleet/courier-roster';
import { createRng } from '../../lib/rng';
import type { Trigger } from '../suggest';
import { makeRosterProfile } from '../../../../test/factories/roster-factories';
import { LiveFleetModel, toLiveStop } from './live-fleet-model';
import { proposalEngine } from '.';
import { InlineProposalEngine, type ProposalEngine } from './proposal-engine';
import type { ProposalRequest } from './proposal-request';
import { ThreadProposalEngine } from './thread-proposal-engine';

const NOW = Date.UTC(2025, 0, 15, 12);
const MINUTE = 60_000;
const ORIGIN = { lat: -20.46, lng: -54.62 };

/** A city of couriers with a few stops each, some of them tight enough to be at risk. */
function makeWorld(seed: number, courierCount = 60) {
  const rng = createRng(seed);
  const near = () => ({
    lat: ORIGIN.lat + rng.range(-0.04, 0.04),
    lng: ORIGIN.lng + rng.range(-0.04, 0.04),
  });
  const entries = new Map<number, RosterEntry>();
  const fleet = new FleetState();
  let stopId = 1;
  for (let id = 1; id <= courierCount; id++) {
    const route: RosterStop[] = Array.from({ length: rng.int(1, 5) }, (_, i) => ({
      id: stopId++,
      orderRef: null,
      courierId: id,
      hubId: 1,
      kind: 'delivery',
      status: 'assigned',
      sequence: i + 1,
      ...near(),
      windowStart: NOW - 30 * MINUTE,
      windowEnd: NOW + rng.int(10, 120) * MINUTE,
      serviceSeconds: 120,
      demand: 1,
      attempts: 0,
      slaTier: 'same_day',
      arrivedAt: null,
      eta: null,
    }));
    entries.set(id, { profile: profile(id), vehicle: rng.pick(['bike', 'car', 'scooter']), route });
    fleet.upsertCourier(id, 1, 'en_route');
    fleet.applyFix(
      id,
      { t: NOW, ...near(), speedMps: null, heading: null, accuracyMeters: 5, battery: null },
      NOW,
    );
  }
  return { entries, fleet, stopCount: stopId - 1, rng };
}

function profile(id: number): RosterProfile {
  return makeRosterProfile(id, { capacity: 20, timezone: 'America/Campo_Grande' });
}

function modelOver(world: ReturnType<typeof makeWorld>, indexed: boolean): LiveFleetModel {
  return new LiveFleetModel(
    {
      db: {
        query: <R extends object>(_sql: string, params?: unknown[]) =>
          Promise.resolve(
            ((params?.[0] ?? []) as number[]).map((id) => ({
              id,
              route_version: id % 7,
            })) as unknown as R[],
          ),
      },
      fleet: world.fleet,
      couriers: () => world.entries.values(),
      isAvailable: (id) => id % 11 !== 0,
    },
    { indexed },
  );
}

function requests(world: ReturnType<typeof makeWorld>, now: number): ProposalRequest[] {
  const triggers: Trigger[] = [];
  for (let stopId = 1; stopId <= world.stopCount; stopId += 5) {
    triggers.push({ kind: stopId % 2 ? 'late_risk' : 'late', stopId });
  }
  for (const courierId of [11, 22, 33])
    triggers.push({ kind: 'stalled', courierId, since: now - 10 * MINUTE });
  const requests: ProposalRequest[] = triggers.map((trigger) => ({
    trigger,
    now,
    loneStops: [],
    timezone: 'America/Campo_Grande',
  }));
  const lone = toLiveStop({
    ...world.entries.get(1)!.route[0]!,
    id: 9999,
    courierId: null,
    status: 'unassigned',
    sequence: 0,
  });
  requests.push({
    trigger: { kind: 'unassigned', stopId: 9999 },
    now,
    loneStops: [lone],
    timezone: 'UTC',
  });
  return requests;
}

/** Both engines give equal answers for many triggers over three rounds of a changing fleet. */
async function expectSameProposals(inline: ProposalEngine, thread: ProposalEngine): Promise<void> {
  const world = makeWorld(7);
  const here = modelOver(world, true);
  const there = modelOver(world, false);
  let proposals = 0;
  for (const [round, now] of [NOW, NOW + MINUTE, NOW + 2 * MINUTE].entries()) {
    if (round > 0) {
      // Stops move between couriers, couriers move, one leaves the roster.
      for (const entry of world.entries.values()) {
        const fix = world.fleet.get(entry.profile.id)!.fix!;
        world.fleet.applyFix(entry.profile.id, { ...fix, t: now, lat: fix.lat + 0.002 }, now);
      }
      const a = world.entries.get(2 + round)!;
      const b = world.entries.get(30 + round)!;
      b.route = [...b.route, ...a.route.map((s) => ({ ...s, courierId: b.profile.id }))];
      a.route = [];
      world.entries.delete(50 + round);
    }
    await here.refresh(now);
    await there.refresh(now);
    for (const request of requests(world, now)) {
      const expected = await inline.propose(here, request);
      expect(await thread.propose(there, request)).toEqual(expected);
      proposals += expected.proposals.length;
    }
  }
  // The comparison means something only if proposals were made.
  expect(proposals).toBeGreaterThan(20);
  expect(thread.busySeconds()).toBeGreaterThan(0);
}

describe('ThreadProposalEngine', () => {
  const thread = new ThreadProposalEngine({ speeds: () => new LearnedSpeeds().snapshot() });
  afterAll(() => thread.close());

  it('computes in its thread the same proposals as on the server thread, as the fleet changes', async () => {
    const inline = new InlineProposalEngine(new LearnedSpeedProvider(new LearnedSpeeds()));
    await expectSameProposals(inline, thread);
  }, 60_000);

  it('does so on the streets too, over the road graph it shares with the thread', async () => {
    const network = gridNetwork({
      centerLat: ORIGIN.lat,
      centerLng: ORIGIN.lng,
      radiusMeters: 5000,
    });
    const eta = { speeds: new LearnedSpeeds(), provider: null as unknown as RoadGraphProvider };
    eta.provider = new RoadGraphProvider(network, eta.speeds);
    const onStreets = proposalEngine('worker', eta);
    try {
      await expectSameProposals(proposalEngine('inline', eta), onStreets);
    } finally {
      await onStreets.close();
    }
  }, 60_000);

  it('answers requests in order when many are in flight at once', async () => {
    const world = makeWorld(11, 30);
    const model = modelOver(world, false);
    await model.refresh(NOW);
    const batch = requests(world, NOW);
    const answers = await Promise.all(batch.map((request) => thread.propose(model, request)));
    answers.forEach((answer, i) => {
      const trigger = batch[i]!.trigger;
      for (const proposal of answer.proposals) {
        if ('stopId' in trigger) expect(proposal.stopIds).toContain(trigger.stopId);
        else expect(proposal.fromCourierId).toBe(trigger.courierId);
      }
    });
  }, 60_000);
});
