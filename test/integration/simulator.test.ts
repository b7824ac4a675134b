import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { haversineMeters } from '@dispatch/shared';
import { seedDemo } from '../../server/src/cli/demo-seed';
import { startFleet, type Fleet } from '../../server/src/simulator/fleet';
import { gridNetwork } from '../../server/src/streets/grid';
import { TestServer, eventually, testFleetOptions } from '../helpers/test-server';

const CENTER = { lat: -20.4697, lng: -54.6201 };

describe('the fleet simulator against the real server', () => {
  let server: TestServer;
  let fleet: Fleet | null = null;

  beforeAll(async () => {
    server = await TestServer.start();
    const network = gridNetwork({
      centerLat: CENTER.lat,
      centerLng: CENTER.lng,
      radiusMeters: 4000,
    });
    await seedDemo(server.app.services, {
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
    const { fleet: live } = server.app.services;
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
    const stored = await server.app.services.db.query<{ n: number }>(
      'select count(*)::int as n from pings',
    );
    expect(stored[0]!.n).toBeGreaterThanOrEqual(stats.pingsAcked);
    // Everyone stays within the demo city.
    for (const c of live.all())
      expect(haversineMeters(CENTER.lat, CENTER.lng, c.fix!.lat, c.fix!.lng)).toBeLessThan(8000);
  });
});
