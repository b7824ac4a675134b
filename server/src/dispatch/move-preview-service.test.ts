import { describe, expect, it } from 'vitest';
import { makeRosterProfile, makeRosterStop } from '../../../test/factories/roster-factories';
import { ConstantSpeedProvider } from '../eta/constant-speed-provider';
import { CourierRoster, type RosterStop } from '../fleet/courier-roster';
import { FleetState } from '../fleet/fleet-state';
import { MovePreviewService } from './move-preview-service';
import { LiveFleetModel } from './proposals';

const NOW = Date.UTC(2025, 0, 15, 12);

function stop(id: number, courierId: number, sequence: number, lat: number): RosterStop {
  return makeRosterStop(id, courierId, {
    sequence,
    lat,
    lng: 13.4,
    windowStart: NOW - 3_600_000,
    windowEnd: NOW + 4 * 3_600_000,
  });
}

/** Two couriers standing at one spot, Ana with one stop and Ben with none yet; a clock to move. */
function setup() {
  const roster = new CourierRoster();
  const fleet = new FleetState();
  for (const id of [1, 2]) {
    roster.upsert(makeRosterProfile(id, { name: id === 1 ? 'Ana' : 'Ben', vehicle: 'car' }));
    fleet.upsertCourier(id, 1, 'en_route');
    fleet.applyFix(
      id,
      {
        t: NOW,
        lat: 52.5,
        lng: 13.4,
        speedMps: 0,
        heading: null,
        accuracyMeters: 5,
        battery: null,
      },
      NOW,
    );
  }
  roster.setRoute(1, [stop(10, 1, 1, 52.51)]);
  const clock = { now: NOW };
  const walks = { count: 0 };
  const service = new MovePreviewService({
    model: new LiveFleetModel({
      db: { query: <R extends object>() => Promise.resolve([] as R[]) },
      fleet,
      couriers: () => {
        walks.count++;
        return roster.all();
      },
      isAvailable: () => true,
    }),
    roster,
    storedStop: () => Promise.resolve(null),
    provider: new ConstantSpeedProvider(),
    now: () => clock.now,
  });
  return { roster, clock, walks, service };
}

describe('MovePreviewService', () => {
  it('previews on a route loaded a moment after its last look, not on the one it had', async () => {
    const { roster, clock, service } = setup();
    const first = await service.preview({ stopIds: [10], toCourierId: 2, position: 2 });
    // Ben has no stop yet: asking for the second place puts it first.
    expect(first.position).toBe(1);

    // Ben's route is loaded (a stop imported for him) well within the model's lifetime.
    roster.setRoute(2, [stop(20, 2, 1, 52.52)]);
    clock.now += 100;
    const second = await service.preview({ stopIds: [10], toCourierId: 2, position: 2 });

    expect(second.position).toBe(2);
    expect(second.couriers.map((c) => c.courierId)).toEqual([1, 2]);
  });

  it('walks the fleet again only when a route changed or the model grew old', async () => {
    const { roster, clock, walks, service } = setup();
    await service.candidates(10, 5);
    clock.now += 100;
    await service.candidates(10, 5);
    expect(walks.count).toBe(1);

    roster.setRoute(2, [stop(20, 2, 1, 52.52)]);
    await service.candidates(10, 5);
    expect(walks.count).toBe(2);

    clock.now += 2000;
    await service.candidates(10, 5);
    expect(walks.count).toBe(3);
  });
});
