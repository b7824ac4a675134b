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
import { NO_INCIDENTS } from './incidents';
import { gridNetwork } from '../streets/grid';

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
    incidentRates: NO_INCIDENTS,
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
    const { server } = await startBoth({ couriers: 1, speedup: 20 });
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
      incidentRates: { ...NO_INCIDENTS, slowdown: 100_000 },
    });
    await eventually(() => fleet.stats().incidentsActive === 2);
    await eventually(() => fleet.stats().pingsAcked > 0);
    await fleet.stop();
    const stats = fleet.stats();
    expect(stats.connected).toBe(0);
    expect(stats.queued).toBeLessThanOrEqual(2 * 2); // at most the fixes recorded after the last batch
    expect([...server.stored.values()].flat().length).toBe(stats.pingsAcked);
    const lines = readFileSync(logPath, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toHaveLength(2);
    for (const line of lines) {
      expect(Object.keys(line).sort()).toEqual(['courierId', 'from', 'kind', 'to']);
      expect(line.kind).toBe('slowdown');
    }
  });
});
