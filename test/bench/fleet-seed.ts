import { AuthService } from '../../server/src/auth/auth-service';
import { hashToken, newToken } from '../../server/src/auth/tokens';
import { openDatabase } from '../../server/src/db/client';
import { migrate } from '../../server/src/db/migrate';
import { DomainBus } from '../../server/src/events/bus';
import { HubService } from '../../server/src/hubs/hub-service';
import type { MovingCourier } from './detect-fleet';
import { seedDetectFleet } from './detect-seed';

/** The console account the fleet bench's consoles sign in with (a dispatcher of the bench hub). */
export const BENCH_DISPATCHER = {
  email: 'bench-dispatcher@example.com',
  password: 'bench-fleet-watcher-2026',
};

const SYSTEM = { type: 'system' } as const;

/** Token hashes set per statement. */
const TOKEN_CHUNK = 5000;

/**
 * Before the server starts: creates the schema in the empty database at `databaseUrl`, stores
 * the hub and the couriers (no stops yet: the routes are imported once the fleet is online) with
 * detect-seed's bulk inserts, gives every courier a device token and adds the bench dispatcher.
 * With `hubs` > 1 the couriers are dealt over that many hubs in turn (courier i to hub i mod
 * hubs, as a company with several depots in one city) and the dispatcher is bound to none.
 * Returns the hubs, each courier's hub and the tokens in courier order, and sets each courier's id.
 */
export async function seedStreetFleet(
  databaseUrl: string,
  couriers: MovingCourier[],
  center: { lat: number; lng: number },
  hubCount = 1,
): Promise<{ hubId: number; hubIds: number[]; courierHubs: number[]; tokens: string[] }> {
  const db = await openDatabase({ url: databaseUrl, dataDir: 'memory://', poolSize: 2 });
  try {
    await migrate(db);
    const hubs = new HubService(db.orm, new DomainBus());
    const hubId = await seedDetectFleet(
      { hubs, db },
      { couriers, stops: couriers.map(() => []) },
      center,
    );
    const hubIds = [hubId];
    for (let k = 2; k <= hubCount; k++)
      hubIds.push((await hubs.create({ name: `Bench hub ${k}`, ...center }, SYSTEM)).id);
    const courierHubs = couriers.map((_, i) => hubIds[i % hubIds.length]!);
    if (hubIds.length > 1)
      await db.query(
        `update couriers set hub_id = v.hub
           from (select unnest($1::int[]) as id, unnest($2::int[]) as hub) as v
          where couriers.id = v.id`,
        [couriers.map((c) => c.id), courierHubs],
      );
    const tokens = couriers.map(() => newToken());
    for (let from = 0; from < tokens.length; from += TOKEN_CHUNK) {
      const ids = couriers.slice(from, from + TOKEN_CHUNK).map((c) => c.id);
      const hashes = tokens.slice(from, from + TOKEN_CHUNK).map(hashToken);
      await db.query(
        `update couriers set device_token_hash = v.hash, token_issued_at = now()
           from (select unnest($1::int[]) as id, unnest($2::text[]) as hash) as v
          where couriers.id = v.id`,
        [ids, hashes],
      );
    }
    await new AuthService(db.orm, 3_600_000, new DomainBus()).createUser({
      ...BENCH_DISPATCHER,
      name: 'Bench dispatcher',
      role: 'dispatcher',
      hubId: hubIds.length > 1 ? null : hubId,
    });
    return { hubId, hubIds, courierHubs, tokens };
  } finally {
    await db.close();
  }
}
