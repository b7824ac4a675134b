import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RoutePayload } from '@dispatch/shared';
import { afterEach, describe, expect, it } from 'vitest';
import type { ApiCourier } from './api';
import {
  startFakeDispatchServer,
  type FakeDispatchServer,
} from '../../../test/helpers/fake-dispatch-server';
import { startFleet, type SimulatedFleet, type FleetOptions } from './fleet';
import { gridNetwork } from '../streets/grid';
import { NO_WORLD_INCIDENTS, type WorldIncidentRates } from './world/incidents';
import { FREE_FLOW_TRAFFIC } from './world/traffic';
import type { CorridorIncident, Traffic } from './world/types';

const HUB = { id: 1, name: 'Centro', lat: -20.46, lng: -54.6 };
const network = gridNetwork({ centerLat: HUB.lat, centerLng: HUB.lng, radiusMeters: 2000 });

function makeCourier(id: number, overrides: Partial<ApiCourier> = {}): ApiCourier {
  return {
    id,
    name: `Courier ${id}`,
    vehicle: 'car',
    hubId: 1,
    externalDeviceId: null,
    active: true,
    lastFix: null,
    cell: null,
    ...overrides,
  };
}

function makeRoute(courierId: number): RoutePayload {
  const node = network.node(network.nearestNode(HUB.lat + 0.005, HUB.lng + 0.005));
  return {
    courierId,
    version: 1,
    stops: [
      {
        id: courierId * 100,
        seq: 1,
        kind: 'delivery',
        status: 'assigned',
        lat: node.lat,
        lng: node.lng,
        address: 'Rua A, 1',
        orderRef: null,
        windowStart: 0,
        windowEnd: 0,
        serviceSeconds: 60,
        eta: null,
      },
    ],
  };
}

/** Polls until `check` holds, failing after `ms`. */
async function eventually(check: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

let server: FakeDispatchServer | null = null;
let fleet: SimulatedFleet | null = null;

afterEach(async () => {
  await fleet?.stop();
  await server?.close();
  fleet = null;
  server = null;
});

/** Only these world incidents, per courier per hour. */
function rates(only: Partial<WorldIncidentRates>): WorldIncidentRates {
  return { ...NO_WORLD_INCIDENTS.rates, ...only };
}

function readLog(path: string): Record<string, unknown>[] {
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

async function startBoth(
  overrides: Partial<FleetOptions> = {},
): Promise<{ server: FakeDispatchServer; fleet: SimulatedFleet; logPath: string }> {
  server = await startFakeDispatchServer({
    couriers: [
      makeCourier(1),
      makeCourier(2, { vehicle: 'bike', lastFix: { t: 0, lat: HUB.lat - 0.004, lng: HUB.lng } }),
      makeCourier(3, { active: false }),
    ],
    hubs: [HUB],
    routes: [makeRoute(1), makeRoute(2)],
    email: 'sim@example.com',
    password: 'pw',
  });
  const logPath = join(mkdtempSync(join(tmpdir(), 'sim-')), 'incidents.jsonl');
  fleet = await startFleet({
    serverUrl: server.url,
    email: 'sim@example.com',
    password: 'pw',
    couriers: null,
    osmPath: null,
    seed: 1,
    speedup: 1,
    pingIntervalMs: 50,
    batchMs: 100,
    incidentRates: NO_WORLD_INCIDENTS.rates,
    lunch: false,
    incidentLogPath: logPath,
    durationS: null,
    network,
    tickMs: 20,
    log: () => {},
    ...overrides,
  });
  return { server, fleet, logPath };
}

describe('startFleet against a fake server', () => {
  it('drives every active courier and gets its pings acknowledged', async () => {
    const { server, fleet } = await startBoth();
    expect(fleet.stats().couriers).toBe(2);
    await eventually(
      () => (server.stored.get(1)?.length ?? 0) > 10 && (server.stored.get(2)?.length ?? 0) > 10,
    );
    await eventually(() => fleet.stats().pingsAcked > 20);
    const stats = fleet.stats();
    expect(stats.connected).toBe(2);
    expect(stats.batchesRejected).toBe(0);
    await eventually(() => (server.statuses.get(1) ?? []).includes('en_route'));
    const seqs = server.stored.get(1)!.map((p) => p.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  });

  it('reports setting off to a stop before arriving there, as the courier app does', async () => {
    // Empty streets: the wall clock's hour must not decide whether the courier arrives in time;
    // the car parks and its courier walks to the door, at the same speed-up.
    const { server } = await startBoth({ couriers: 1, speedup: 40, traffic: FREE_FLOW_TRAFFIC });
    await eventually(() => (server.visits.get(1) ?? []).includes('stop:arrived 100'), 10_000);
    expect(server.visits.get(1)!.slice(0, 2)).toEqual(['stop:en_route 100', 'stop:arrived 100']);
  }, 15_000);

  it('keeps refused batches and resends them after backing off', async () => {
    const { server, fleet } = await startBoth({ couriers: 1 });
    server.refuseNextBatches(3);
    await eventually(() => fleet.stats().batchesRetried >= 3, 15_000);
    await eventually(() => fleet.stats().pingsAcked > 0, 15_000);
    const pings = server.stored.get(1)!;
    // Nothing was lost: the stored sequence is gap-free from the first fix.
    expect(pings.map((p) => p.seq - pings[0]!.seq)).toEqual(pings.map((_, i) => i));
  }, 20_000);

  it('dials again after the server drops it and resends what it recorded meanwhile', async () => {
    const { server, fleet } = await startBoth({ couriers: 1 });
    await eventually(() => fleet.stats().connected === 1 && fleet.stats().pingsAcked > 0);
    server.disconnectAll();
    await eventually(() => fleet.stats().connected === 0);
    const recordedWhileAway = fleet.stats().pingsRecorded;
    await eventually(() => fleet.stats().connected === 1, 10_000);
    await eventually(() => (server.stored.get(1)?.length ?? 0) >= recordedWhileAway, 5000);
    const pings = server.stored.get(1)!;
    expect(pings.map((p) => p.seq - pings[0]!.seq)).toEqual(pings.map((_, i) => i));
  }, 20_000);

  it('flushes queued pings on stop and writes incidents still open to the log', async () => {
    const { server, fleet, logPath } = await startBoth({
      incidentRates: rates({ crawl: 100_000 }),
      traffic: FREE_FLOW_TRAFFIC,
    });
    // Crawls start only on the move, and last 5 min or more: both couriers are in one at stop.
    await eventually(() => fleet.stats().incidentsActive === 2);
    await eventually(() => fleet.stats().pingsAcked > 0);
    await fleet.stop();
    const stats = fleet.stats();
    expect(stats.connected).toBe(0);
    expect(stats.queued).toBeLessThanOrEqual(2 * 2); // at most the fixes recorded after the last batch
    expect([...server.stored.values()].flat().length).toBe(stats.pingsAcked);
    const lines = readLog(logPath);
    expect(lines.map((l) => [l.kind, l.courierId]).sort()).toEqual([
      ['crawl', 1],
      ['crawl', 2],
    ]);
    for (const line of lines) {
      // Kind, courier and span first, then the crawl's own parameter.
      expect(Object.keys(line)).toEqual(['kind', 'courierId', 'from', 'to', 'crawlMps']);
      expect(line.to as number).toBeGreaterThan(line.from as number);
      expect(Number.isInteger(line.from)).toBe(true);
      expect(line.crawlMps).toBeGreaterThan(0);
    }
  });

  it("logs the traffic's corridor incidents once each, ended or cut at the end", async () => {
    const t0 = Date.now();
    const corridor = (id: number, from: number, to: number): CorridorIncident => ({
      id,
      centre: { lat: HUB.lat, lng: HUB.lng },
      radiusMeters: 400,
      from,
      to,
      factor: 0.5,
    });
    const incidents = [corridor(1, t0 - 60_000, t0 + 1000), corridor(2, t0, t0 + 3_600_000)];
    const traffic: Traffic = {
      ...FREE_FLOW_TRAFFIC,
      corridorIncidents: (from, to) => incidents.filter((i) => i.from < to && i.to > from),
    };
    const { fleet, logPath } = await startBoth({ couriers: 1, traffic });
    await eventually(() => fleet.stats().pingsAcked > 0 && Date.now() > t0 + 1000);
    await fleet.stop();
    const lines = readLog(logPath);
    expect(lines.map((l) => [l.kind, l.courierId, l.id])).toEqual([
      ['corridor', null, 1],
      ['corridor', null, 2],
    ]);
    expect(lines[0]!.to).toBe(t0 + 1000);
    expect(lines[1]!.to as number).toBeLessThan(t0 + 3_600_000);
  });

  it('stops sending during an offline spell and delivers the fixes it queued after', async () => {
    // Couriers live 240 times faster than real time, so a spell of minutes takes seconds; their
    // clock starts hours back, so that no fix is ever in the server's future.
    const realStart = Date.now();
    const clock = () => realStart - 4 * 3_600_000 + (Date.now() - realStart) * 240;
    const { server, fleet, logPath } = await startBoth({
      couriers: 1,
      clock,
      pingIntervalMs: 1000,
      batchMs: 2000,
      incidentRates: rates({ offline: 20 }),
    });
    // What the server had each time the first spell was seen under way; more may follow it.
    const seenDuringSpell: number[][] = [];
    await eventually(() => {
      const { incidentsActive, incidentsTotal } = fleet.stats();
      if (incidentsActive === 1 && incidentsTotal === 1) {
        seenDuringSpell.push((server.stored.get(1) ?? []).map((p) => p.t));
      }
      return seenDuringSpell.length > 0 && incidentsActive === 0;
    }, 60_000);
    await eventually(() => fleet.stats().connected === 1 && fleet.stats().queued < 5, 10_000);
    await fleet.stop();
    const spell = readLog(logPath).find((l) => l.kind === 'offline')!;
    const from = spell.from as number;
    const to = spell.to as number;
    // Seed 1 draws a spell with the phone on (no network): it keeps recording.
    expect(spell.phoneOff).toBe(false);
    for (const seen of seenDuringSpell) expect(seen.filter((t) => t >= from)).toEqual([]);
    const pings = server.stored.get(1)!;
    const during = pings.filter((p) => p.t >= from && p.t < to);
    // Every fix went out in the end; the phone has no fix now and then, so not one per second.
    expect(during.length).toBeGreaterThan(0.5 * ((to - from) / 1000));
    expect(pings).toHaveLength(fleet.stats().pingsAcked);
    expect(pings.map((p) => p.seq - pings[0]!.seq)).toEqual(pings.map((_, i) => i));
  }, 60_000);
});
