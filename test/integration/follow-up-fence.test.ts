import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkHubFence } from '../../server/src/attempts/hub-fence';
import { FencedError, leaseFence } from '../../server/src/cluster/fence';
import type { HubOwnership } from '../../server/src/cluster/hub-ownership';
import { openDatabase, type Database } from '../../server/src/db/client';
import { migrate } from '../../server/src/db/migrate';
import { hubs } from '../../server/src/db/schema';
import { freshDatabase } from '../helpers/test-server';

/** A node that believes it holds every hub with `token`. */
const believing = (token: number): HubOwnership => ({
  node: 'node-a',
  owns: () => true,
  token: () => token,
  subscribe: () => () => undefined,
});

/**
 * The fence a follow-up of a stop change (a re-attempt, a customer return) checks inside its
 * drizzle transaction, on the real schema (PGlite, or PostgreSQL with TEST_DATABASE_URL).
 */
describe('a follow-up’s fence in its transaction', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let db: Database;
  let hubId: number;

  beforeAll(async () => {
    database = await freshDatabase();
    db = await openDatabase({ url: database.url, dataDir: database.dataDir });
    await migrate(db);
    [{ id: hubId }] = (await db.query<{ id: number }>(
      `insert into hubs (name, lat, lng) values ('Centro', -20.46, -54.61) returning id`,
    )) as [{ id: number }];
    await db.query(
      `insert into hub_leases (hub_id, owner, token, expires_at)
       values ($1, 'node-a', 3, now() + interval '1 hour')`,
      [hubId],
    );
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  /** Renames the hub after the fence, in one transaction; the name the hub has afterwards. */
  const renameFenced = async (token: number, name: string) => {
    await db.orm.transaction(async (tx) => {
      await checkHubFence(leaseFence(believing(token)), tx, hubId);
      // The database holds this one hub.
      await tx.update(hubs).set({ name });
    });
  };
  const hubName = async () =>
    (await db.query<{ name: string }>('select name from hubs where id = $1', [hubId]))[0]!.name;

  it('lets the holder of the lease’s token write', async () => {
    await renameFenced(3, 'Centro novo');
    expect(await hubName()).toBe('Centro novo');
  });

  it('rolls back the write of a node whose token is no longer the lease’s', async () => {
    await expect(renameFenced(2, 'Centro velho')).rejects.toBeInstanceOf(FencedError);
    expect(await hubName()).toBe('Centro novo');
  });
});
