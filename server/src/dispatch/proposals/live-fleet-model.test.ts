import { describe, expect, it } from 'vitest';
import { FleetState, type Fix } from '../../fleet/fleet-state';
import type {
  RosterEntry,
  RosterProfile,
  RosterStop,
  StoredStop,
} from '../../fleet/courier-roster';
import { makeRosterProfile, makeRosterStop } from '../../../../test/factories/roster-factories';
import { LiveFleetModel } from './live-fleet-model';

const NOW = Date.UTC(2025, 0, 15, 12);

function profile(id: number): RosterProfile {
  return makeRosterProfile(id);
}

function stop(id: number, courierId: number, sequence: number): RosterStop {
  return makeRosterStop(id, courierId, {
    sequence,
    lat: 52.52 + id / 1000,
    lng: 13.4,
    windowStart: NOW,
    windowEnd: NOW + 3_600_000,
  });
}

function fix(lat: number): Fix {
  return {
    t: NOW,
    lat,
    lng: 13.4,
    speedMps: null,
    heading: null,
    accuracyMeters: 5,
    battery: null,
  };
}

/** A roster's couriers, a fleet, a versions table that counts its reads, and the model over them. */
function setup() {
  const metas = new Map<number, RosterEntry>();
  for (const id of [1, 2]) {
    metas.set(id, { profile: profile(id), vehicle: 'bike', route: [stop(id * 10, id, 1)] });
  }
  const fleet = new FleetState();
  for (const id of [1, 2]) {
    fleet.upsertCourier(id, 1, 'en_route');
    fleet.applyFix(id, fix(52.5), NOW);
  }
  const versions = new Map([
    [1, 3],
    [2, 7],
  ]);
  const reads: number[][] = [];
  const unavailable = new Set<number>();
  /** Runs while versions are being read, as a route change that comes in meanwhile. */
  const whileReading: { hook: (() => void) | null } = { hook: null };
  const model = new LiveFleetModel({
    db: {
      query: <R extends object>(_sql: string, params?: unknown[]) => {
        const ids = (params?.[0] ?? []) as number[];
        reads.push([...ids].sort());
        whileReading.hook?.();
        return Promise.resolve(
          ids.map((id) => ({ id, route_version: versions.get(id) ?? 0 })) as unknown as R[],
        );
      },
    },
    fleet,
    couriers: () => metas.values(),
    isAvailable: (id) => !unavailable.has(id),
  });
  return { metas, fleet, versions, reads, unavailable, whileReading, model };
}

describe('LiveFleetModel', () => {
  it('knows every rostered courier, its route, position and route version after a refresh', async () => {
    const { model } = setup();
    await model.refresh(NOW);
    const view = model.view(NOW);
    expect([...view.couriers.keys()]).toEqual([1, 2]);
    const ana = view.couriers.get(1)!;
    expect(ana.route.map((s) => s.id)).toEqual([10]);
    expect(ana.position).toEqual({ lat: 52.5, lng: 13.4 });
    expect(ana.routeVersion).toBe(3);
    expect(ana.load).toBe(1);
    expect(view.stops.get(20)?.courierId).toBe(2);
    expect(view.index.size).toBe(2);
  });

  it('keeps unchanged couriers as they were and reads no versions for them', async () => {
    const { model, reads } = setup();
    await model.refresh(NOW);
    const before = model.view(NOW).couriers.get(1);
    await model.refresh(NOW + 1000);
    expect(model.view(NOW + 1000).couriers.get(1)).toBe(before);
    expect(reads).toEqual([[1, 2]]);
  });

  it('follows a stop moved to another courier and re-reads both versions', async () => {
    const { model, metas, versions, reads } = setup();
    await model.refresh(NOW);
    versions.set(1, 4);
    versions.set(2, 8);
    metas.get(1)!.route = [];
    metas.get(2)!.route = [stop(20, 2, 1), stop(10, 2, 2)];
    await model.refresh(NOW + 1000);
    const view = model.view(NOW + 1000);
    expect(view.couriers.get(1)!.route).toEqual([]);
    expect(view.couriers.get(2)!.route.map((s) => s.id)).toEqual([20, 10]);
    expect(view.stops.get(10)?.courierId).toBe(2);
    expect(view.couriers.get(1)!.routeVersion).toBe(4);
    expect(view.couriers.get(2)!.routeVersion).toBe(8);
    expect(reads.at(-1)).toEqual([1, 2]);
  });

  it('re-reads the version of a courier named in a route change even when its route looks the same', async () => {
    const { model, versions, reads } = setup();
    await model.refresh(NOW);
    versions.set(2, 9);
    model.routesChanged([2]);
    await model.refresh(NOW + 1000);
    expect(reads.at(-1)).toEqual([2]);
    expect(model.view(NOW + 1000).couriers.get(2)!.routeVersion).toBe(9);
  });

  it('keeps a route change announced during a refresh for the next one', async () => {
    const { model, versions, reads, whileReading } = setup();
    whileReading.hook = () => {
      whileReading.hook = null;
      versions.set(1, 4);
      model.routesChanged([1]);
    };
    await model.refresh(NOW);
    expect(model.routesStale).toBe(true);

    await model.refresh(NOW + 1000);
    expect(reads.at(-1)).toEqual([1]);
    expect(model.routesStale).toBe(false);
    expect(model.view(NOW + 1000).couriers.get(1)!.routeVersion).toBe(4);
  });

  it('moves a courier whose position changed and drops one no longer on the roster', async () => {
    const { model, metas, fleet } = setup();
    await model.refresh(NOW);
    fleet.applyFix(1, { ...fix(52.6), t: NOW + 1000 }, NOW + 1000);
    metas.delete(2);
    await model.refresh(NOW + 1000);
    const view = model.view(NOW + 1000);
    expect(view.couriers.get(1)!.position?.lat).toBe(52.6);
    expect(view.couriers.has(2)).toBe(false);
    expect(view.stops.has(20)).toBe(false);
    expect(view.index.size).toBe(1);
  });

  it('takes an availability change at once, without a refresh', async () => {
    const { model, unavailable } = setup();
    await model.refresh(NOW);
    unavailable.add(1);
    model.availabilityChanged(1);
    expect(model.view(NOW).couriers.get(1)!.available).toBe(false);
  });

  it('adds a stop on no route to one view only', async () => {
    const { model } = setup();
    await model.refresh(NOW);
    const lone: StoredStop = { ...stop(99, 1, 0), courierId: null, status: 'unassigned' };
    expect(model.view(NOW, [lone]).stops.get(99)?.status).toBe('unassigned');
    expect(model.view(NOW).stops.has(99)).toBe(false);
    expect(model.has({ stopId: 99 })).toBe(false);
    expect(model.has({ stopId: 10 })).toBe(true);
  });
});
