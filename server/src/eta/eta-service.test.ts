import { makeRosterStop } from '../../../test/factories/roster-factories';
import { circleTrack } from '../../../test/factories/synthetic-tracks';
import { describe, expect, it } from 'vitest';
import type { StopChange } from '@dispatch/shared';
import type { HubOwnership, OwnershipListener } from '../cluster/hub-ownership';
import { DomainBus } from '../events/bus';
import { CourierRoster, type RosterStop } from '../fleet/courier-roster';
import { EtaService, type EtaStore } from './eta-service';
import { LearnedSpeeds } from './learned-speeds';

const NOW = Date.UTC(2025, 0, 15, 12);
const HUB = { lat: -20.46, lng: -54.6 };

function stop(id: number, courierId: number): RosterStop {
  return makeRosterStop(id, courierId, {
    sequence: id,
    lat: HUB.lat + id * 1e-4,
    lng: HUB.lng,
    windowStart: NOW,
    windowEnd: NOW + 8 * 3_600_000,
    serviceSeconds: 60,
  });
}

/** A cluster node's ownership that owns the hubs in `owned` (lease token 7). */
function fakeOwnership(owned: Set<number>): HubOwnership {
  return {
    node: 'node-a',
    owns: (hubId) => owned.has(hubId),
    token: (hubId) => (owned.has(hubId) ? 7 : null),
    subscribe: (_listener: OwnershipListener) => () => undefined,
  };
}

interface RouteOptions {
  hubId?: number | null;
  ownership?: HubOwnership;
  store?: EtaStore;
}

/** An ETA service over one courier with `stops` open stops, its writes and announcements recorded. */
function serviceWithRoute(stops: number, options: RouteOptions = {}) {
  const roster = new CourierRoster();
  roster.upsert({
    id: 1,
    name: 'Courier 1',
    hubId: 1,
    vehicle: 'car',
    capacity: 1000,
    active: true,
    shiftStartMinute: 0,
    shiftEndMinute: 1440,
    timezone: 'UTC',
    lastPingAt: null,
  });
  roster.setRoute(
    1,
    Array.from({ length: stops }, (_, i) => ({
      ...stop(i + 1, 1),
      hubId: options.hubId === undefined ? 1 : options.hubId,
    })),
  );
  const statements: number[] = [];
  const announced: StopChange[][] = [];
  const bus = new DomainBus();
  bus.on('etas:changed', (changes) => announced.push(changes));
  const service = new EtaService({
    roster,
    store: options.store ?? {
      saveEtas: (updates) => {
        statements.push(updates.length);
        return Promise.resolve(true);
      },
    },
    models: { load: () => Promise.resolve(null), save: () => Promise.resolve() },
    fixesSince: () => Promise.resolve([]),
    bus,
    log: { error: () => {}, info: () => {} },
    ...(options.ownership ? { ownership: options.ownership } : {}),
  });
  service.estimateArrivals({
    position: HUB,
    at: NOW,
    vehicle: 'car',
    stops: roster.get(1)!.route,
  });
  return { service, roster, bus, statements, announced };
}

describe('EtaService.flush', () => {
  it('writes a large refresh a few hundred ETAs per statement, with event-loop turns between', async () => {
    const { service, roster, statements, announced } = serviceWithRoute(600);
    let turned = false;
    setImmediate(() => (turned = true));
    await service.flush();
    expect(turned).toBe(true);
    expect(statements.length).toBeGreaterThan(1);
    expect(statements.reduce((a, b) => a + b, 0)).toBe(600);
    expect(announced.flat().map((c) => c.id)).toEqual(roster.get(1)!.route.map((s) => s.id));
    expect(roster.get(1)!.route.every((s) => s.eta !== null)).toBe(true);
  });

  it('writes a small refresh in one statement without giving up the turn', async () => {
    const { service, statements } = serviceWithRoute(5);
    let turned = false;
    setImmediate(() => (turned = true));
    await service.flush();
    expect(turned).toBe(false);
    expect(statements).toEqual([5]);
  });

  it('does not write ETAs again that moved by less than 30 s', async () => {
    const { service, roster, statements } = serviceWithRoute(5);
    await service.flush();
    service.estimateArrivals({
      position: HUB,
      at: NOW + 10_000,
      vehicle: 'car',
      stops: roster.get(1)!.route,
    });
    await service.flush();
    expect(statements).toEqual([5]);
  });
});

describe('EtaService.flush in a cluster', () => {
  it('stores and announces the ETAs of stops at hubs this node owns', async () => {
    const { service, statements, announced } = serviceWithRoute(5, {
      ownership: fakeOwnership(new Set([1])),
    });
    await service.flush();
    expect(statements).toEqual([5]);
    expect(announced.flat()).toHaveLength(5);
  });

  it('leaves the ETAs of a hub another node owns to that node', async () => {
    const { service, statements, announced } = serviceWithRoute(5, {
      ownership: fakeOwnership(new Set([2])),
    });
    await service.flush();
    expect(statements).toEqual([]);
    expect(announced).toEqual([]);
  });

  it('leaves the ETAs of stops without a hub alone: no lease covers them', async () => {
    const { service, statements } = serviceWithRoute(5, {
      hubId: null,
      ownership: fakeOwnership(new Set([1])),
    });
    await service.flush();
    expect(statements).toEqual([]);
  });

  it('stores the ETAs of stops without a hub on a node alone', async () => {
    const { service, statements } = serviceWithRoute(5, { hubId: null });
    await service.flush();
    expect(statements).toEqual([5]);
  });

  it('announces nothing when the write is fenced, and writes the ETAs once the hub is back', async () => {
    let fenced = true;
    const written: number[] = [];
    const store: EtaStore = {
      saveEtas: (updates) => {
        if (fenced) return Promise.resolve(false);
        written.push(updates.length);
        return Promise.resolve(true);
      },
    };
    const { service, roster, announced } = serviceWithRoute(5, {
      ownership: fakeOwnership(new Set([1])),
      store,
    });
    await service.flush();
    expect(announced).toEqual([]);
    expect(roster.get(1)!.route.every((s) => s.eta === null)).toBe(true);

    fenced = false;
    service.estimateArrivals({
      position: HUB,
      at: NOW,
      vehicle: 'car',
      stops: roster.get(1)!.route,
    });
    await service.flush();
    expect(written).toEqual([5]);
    expect(announced.flat()).toHaveLength(5);
  });

  it('does not store again an ETA another node stored that has not moved', async () => {
    const { service, roster, bus, statements } = serviceWithRoute(1, {
      ownership: fakeOwnership(new Set([1])),
    });
    await service.start();
    const [predicted] = service.estimateArrivals({
      position: HUB,
      at: NOW,
      vehicle: 'car',
      stops: roster.get(1)!.route,
    });
    // The hub's previous owner stored nearly the same ETA and announced it over the cluster.
    bus.emit('etas:changed', [
      { id: 1, hubId: 1, status: 'assigned', courierId: 1, sequence: 1, eta: predicted! + 5_000 },
    ]);
    expect(roster.stop(1)!.eta).toBe(predicted! + 5_000);
    await service.flush();
    expect(statements).toEqual([]);
    await service.stop();
  });
});

describe('EtaService.start', () => {
  const CAR_SLOW = 4; // m/s, well under a car's prior
  // The last 19 minutes, saved 9 minutes ago (a restart reads back at most the last ten): slow
  // before the save, twice as fast after it.
  const START = Date.now() - 1_140_000;
  const SAVED_AT = START + 600_000;
  const drive = [
    ...circleTrack({ center: HUB, speedMps: CAR_SLOW, startMs: START, seconds: 595 }),
    ...circleTrack({ center: HUB, speedMps: 2 * CAR_SLOW, startMs: SAVED_AT, seconds: 540 }),
  ];
  const fixes = drive.map((f) => ({ ...f, courierId: 1, receivedAt: f.t }));

  /** A service over courier 1, starting from `stored` and reading back `sinceSaved`. */
  function restarted(stored: { data: unknown; savedAt: number } | null) {
    const { roster, bus } = serviceWithRoute(1);
    const asked: number[] = [];
    const service = new EtaService({
      roster,
      store: { saveEtas: () => Promise.resolve(true) },
      models: { load: () => Promise.resolve(stored), save: () => Promise.resolve() },
      fixesSince: (sinceMs) => {
        asked.push(sinceMs);
        return Promise.resolve(fixes.filter((f) => f.t >= sinceMs));
      },
      bus,
      log: { error: () => {}, info: () => {} },
    });
    return { service, asked };
  }

  it('learns again from the fixes stored since the speeds were saved', async () => {
    const { service: live } = serviceWithRoute(1);
    live.observe(fixes.filter((f) => f.t < SAVED_AT));
    const saved = live.speeds.snapshot();
    live.observe(fixes.filter((f) => f.t >= SAVED_AT));

    const { service, asked } = restarted({ data: saved, savedAt: SAVED_AT });
    await service.start();
    await service.stop();
    expect(asked).toEqual([SAVED_AT]);
    const ratio = (speeds: LearnedSpeeds) => speeds.ratioAt(HUB.lat, HUB.lng, START, 'car');
    const onlySaved = new LearnedSpeeds();
    onlySaved.restore(saved);
    // The second ten minutes count again: the restarted model is the live one, not the saved one.
    expect(ratio(service.speeds)).toBeCloseTo(ratio(live.speeds), 1);
    expect(Math.abs(ratio(service.speeds) - ratio(live.speeds))).toBeLessThan(
      Math.abs(ratio(onlySaved) - ratio(live.speeds)),
    );
  });

  it('learns again in the order the fixes came in, couriers interleaved as they were live', async () => {
    // Two cars on the same streets over the last eight minutes, one slow and one fast, each
    // sending a fix every 5 s; read back as stored, each courier's in a row.
    const from = Date.now() - 480_000;
    const track = (courierId: number, speedMps: number) =>
      circleTrack({ center: HUB, speedMps, startMs: from, seconds: 470 }).map((f) => ({
        ...f,
        courierId,
        receivedAt: f.t + 300,
      }));
    const slow = track(1, CAR_SLOW);
    const fast = track(2, 4 * CAR_SLOW);
    const { service: live, roster: liveRoster } = serviceWithRoute(1);
    liveRoster.upsert({ ...liveRoster.get(1)!.profile, id: 2, name: 'courier 2' });
    slow.forEach((f, i) => live.observe([f, fast[i]!]));
    const { roster, bus } = serviceWithRoute(1);
    roster.upsert({ ...roster.get(1)!.profile, id: 2, name: 'courier 2' });
    const service = new EtaService({
      roster,
      store: { saveEtas: () => Promise.resolve(true) },
      models: { load: () => Promise.resolve(null), save: () => Promise.resolve() },
      fixesSince: () => Promise.resolve([...slow, ...fast]),
      bus,
      log: { error: () => {}, info: () => {} },
    });

    await service.start();
    await service.stop();
    const ratio = (speeds: LearnedSpeeds) => speeds.ratioAt(HUB.lat, HUB.lng, from, 'car');
    const inARow = new LearnedSpeeds();
    [...slow, ...fast].forEach((f) => inARow.observe(f.courierId, 'car', f));
    expect(Math.abs(ratio(inARow) - ratio(live.speeds))).toBeGreaterThan(0.05);
    expect(ratio(service.speeds)).toBeCloseTo(ratio(live.speeds), 3);
  });

  it('learns from the last ten minutes of fixes at most: nothing saved, or saved long ago', async () => {
    const longAgo = { data: new LearnedSpeeds().snapshot(), savedAt: Date.now() - 3_600_000 };
    for (const stored of [null, longAgo]) {
      const { service, asked } = restarted(stored);
      const before = Date.now();
      await service.start();
      await service.stop();
      expect(asked).toHaveLength(1);
      expect(asked[0]).toBeGreaterThanOrEqual(before - 10 * 60_000);
      expect(asked[0]).toBeLessThanOrEqual(Date.now() - 10 * 60_000);
    }
  });
});
