import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haversineMeters } from '@dispatch/shared';
import { seedDemo } from '../../server/src/cli/demo-seed';
import { DispatchApi, DispatchApiError } from '../../server/src/simulator/api';
import { startFleet, type SimulatedFleet } from '../../server/src/simulator/fleet';
import { gridNetwork } from '../../server/src/streets/grid';
import { TestServer, eventually, testFleetOptions } from '../helpers/test-server';

const CENTER = { lat: -20.4697, lng: -54.6201 };

describe('the fleet simulator against the real server', () => {
  let server: TestServer;
  let fleet: SimulatedFleet | null = null;

  beforeAll(async () => {
    server = await TestServer.start();
    const network = gridNetwork({
      centerLat: CENTER.lat,
      centerLng: CENTER.lng,
      radiusMeters: 4000,
    });
    await seedDemo(server.app, {
      network,
      hub: { name: 'Test hub', ...CENTER },
      couriers: 6,
      stops: 60,
      seed: 7,
      dataDir: mkdtempSync(join(tmpdir(), 'dispatch-sim-')),
    });
  });
  afterAll(async () => {
    await fleet?.stop();
    await server?.stop();
  });

  it('drives every courier: pings are acked, stored and move the live positions along streets', async () => {
    fleet = await startFleet(testFleetOptions(server));
    const { fleet: live } = server.app;
    const first = await eventually(
      () => {
        const all = [...live.all()];
        return all.length === 6 && all.every((c) => c.fix)
          ? all.map((c) => ({ id: c.id, ...c.fix! }))
          : undefined;
      },
      20_000,
      'every courier to report',
    );
    await eventually(() => (fleet!.stats().pingsAcked > 60 ? true : undefined), 20_000, 'acks');
    const moved = first.filter((f) => {
      const now = live.get(f.id)!.fix!;
      return now.t > f.t && haversineMeters(f.lat, f.lng, now.lat, now.lng) > 5;
    });
    expect(moved.length).toBeGreaterThanOrEqual(4);
    const stats = fleet.stats();
    expect(stats.connected).toBe(6);
    expect(stats.batchesRejected).toBe(0);
    const stored = await server.app.db.query<{ n: number }>('select count(*)::int as n from pings');
    expect(stored[0]!.n).toBeGreaterThanOrEqual(stats.pingsAcked);
    // Everyone stays within the demo city.
    for (const c of live.all())
      expect(haversineMeters(CENTER.lat, CENTER.lng, c.fix!.lat, c.fix!.lng)).toBeLessThan(8000);
  });

  it('a simulated courier drives to a stop moved onto its route', async () => {
    const { fleet } = server.app;
    const cookie = await server.login();
    type Route = {
      version: number;
      stops: { id: number; lat: number; lng: number; status: string }[];
    };
    const routes = new Map<number, Route>();
    for (const c of fleet.all()) {
      routes.set(
        c.id,
        (await server.request<Route>('GET', `/api/v1/couriers/${c.id}/route`, { cookie })).body,
      );
    }
    // The closest pair of (courier driving now, another courier's waiting stop). A courier
    // serving a stop finishes it first, so take one on the move.
    let best: { to: number; from: number; stopId: number; meters: number } | null = null;
    for (const c of fleet.all()) {
      if (!c.fix || (c.fix.speedMps ?? 0) < 1) continue;
      for (const [from, route] of routes) {
        if (from === c.id) continue;
        for (const stop of route.stops.filter((st) => st.status === 'assigned')) {
          const meters = haversineMeters(c.fix!.lat, c.fix!.lng, stop.lat, stop.lng);
          if (meters > 300 && (!best || meters < best.meters))
            best = { to: c.id, from, stopId: stop.id, meters };
        }
      }
    }
    expect(best).not.toBeNull();
    const { to, from, stopId } = best!;
    const stop = routes.get(from)!.stops.find((st) => st.id === stopId)!;
    const moved = await server.request('POST', '/api/v1/stops/reassign', {
      cookie,
      body: {
        stopIds: [stopId],
        toCourierId: to,
        position: 1,
        routeVersions: { [from]: routes.get(from)!.version, [to]: routes.get(to)!.version },
      },
    });
    expect(moved.status).toBe(200);
    const distance = () => {
      const fix = fleet.get(to)!.fix!;
      return haversineMeters(fix.lat, fix.lng, stop.lat, stop.lng);
    };
    const start = distance();
    await eventually(
      () => (distance() < start - 150 ? true : undefined),
      // Generous: the simulated courier drives in real time on a machine that may be busy.
      120_000,
      'the courier to head for its new first stop',
    );
  }, 180_000);

  it("reports the server's own error code and message when a call is refused", async () => {
    const api = new DispatchApi(server.url);
    const refused = await api.login('admin@example.com', 'not the password').catch((e) => e);
    expect(refused).toBeInstanceOf(DispatchApiError);
    expect(refused).toMatchObject({ status: 401, code: 'unauthorized' });
    expect((refused as Error).message).toMatch(/wrong email or password/);
    const unsigned = await new DispatchApi(server.url).listHubs().catch((e) => e);
    expect(unsigned).toMatchObject({ status: 401, code: 'unauthorized' });
    expect((unsigned as Error).message).toMatch(/sign in first/);
  });
});
