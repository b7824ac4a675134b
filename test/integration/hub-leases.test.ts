import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FencedError, fenceHub, leaseFence, NO_FENCE } from '../../server/src/cluster/fence';
import { LeaseKeeper } from '../../server/src/cluster/lease-keeper';
import { sqlLeaseStore } from '../../server/src/cluster/lease-store';
import { openDatabase, type Database } from '../../server/src/db/client';
import { migrate } from '../../server/src/db/migrate';
import { freshDatabase } from '../helpers/test-server';

const TTL_MS = 1_000;
const silent = { info: () => undefined, error: () => undefined };

/** Polls `check` until it holds or `timeoutMs` passes; returns whether it held. */
async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

/**
 * Two nodes sharing hubs through their leases on the real schema (PGlite, or PostgreSQL with
 * TEST_DATABASE_URL, where each node has a connection pool of its own): the even split, the
 * takeover after a node stops, and the fence that keeps the old owner from writing.
 */
describe('hub leases between two nodes', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let db: Database;
  /** The second node's connection: its own pool on PostgreSQL, the one embedded database else. */
  let otherDb: Database;
  let hubIds: number[];
  let nodeA: LeaseKeeper;
  let nodeB: LeaseKeeper;

  beforeAll(async () => {
    database = await freshDatabase();
    db = await openDatabase({ url: database.url, dataDir: database.dataDir });
    await migrate(db);
    otherDb = database.url ? await openDatabase({ url: database.url, dataDir: '' }) : db;
    const rows = await db.query<{ id: number }>(
      `insert into hubs (name, lat, lng)
       values ('Centro', -20.46, -54.61), ('Norte', -20.40, -54.60),
              ('Sul', -20.52, -54.62), ('Leste', -20.47, -54.55)
       returning id`,
    );
    hubIds = rows.map((r) => r.id);
    nodeA = new LeaseKeeper({
      store: sqlLeaseStore(db),
      node: 'node-a',
      ttlMs: TTL_MS,
      log: silent,
    });
    nodeB = new LeaseKeeper({
      store: sqlLeaseStore(otherDb),
      node: 'node-b',
      ttlMs: TTL_MS,
      log: silent,
    });
  });

  afterAll(async () => {
    await nodeA?.stop();
    await nodeB?.stop();
    if (otherDb !== db) await otherDb?.close();
    await db?.close();
    await database?.drop();
  });

  const tokensIn = async () =>
    new Map(
      (
        await db.query<{ hubId: number; token: unknown }>(
          'select hub_id as "hubId", token from hub_leases',
        )
      ).map((r) => [r.hubId, Number(r.token)]),
    );

  it('shares 4 hubs 2 and 2', async () => {
    nodeA.start();
    nodeB.start();
    const even = () => nodeA.ownedHubs().length === 2 && nodeB.ownedHubs().length === 2;
    expect(await eventually(even)).toBe(true);
    expect([...nodeA.ownedHubs(), ...nodeB.ownedHubs()].sort()).toEqual([...hubIds].sort());
  });

  it('has the other node take every hub, with higher tokens, once a node stops', async () => {
    const stoppedHubs = nodeA.ownedHubs();
    const before = await tokensIn();
    await nodeA.stop();
    expect(await eventually(() => nodeB.ownedHubs().length === 4)).toBe(true);
    const after = await tokensIn();
    for (const hubId of stoppedHubs) {
      expect(after.get(hubId)).toBeGreaterThan(before.get(hubId)!);
      expect(nodeB.token(hubId)).toBe(after.get(hubId));
    }
  });

  it("refuses the old owner's write inside its transaction, which writes nothing", async () => {
    const [hubId] = await db.query<{ hubId: number; token: unknown }>(
      `select hub_id as "hubId", token from hub_leases where owner = 'node-b' and token > 1 limit 1`,
    );
    const staleToken = Number(hubId!.token) - 1;
    const write = db.transaction(async (tx) => {
      await tx.query(`update hubs set name = 'written by a stale owner' where id = $1`, [
        hubId!.hubId,
      ]);
      await fenceHub(tx, hubId!.hubId, 'node-a', staleToken);
    });
    await expect(write).rejects.toBeInstanceOf(FencedError);
    await expect(write).rejects.toMatchObject({ hubId: hubId!.hubId });
    const [hub] = await db.query<{ name: string }>('select name from hubs where id = $1', [
      hubId!.hubId,
    ]);
    expect(hub!.name).not.toBe('written by a stale owner');
  });

  it("lets the owner's own write through the fence", async () => {
    const [hubId] = nodeB.ownedHubs();
    await db.transaction(async (tx) => {
      await fenceHub(tx, hubId!, 'node-b', nodeB.token(hubId!)!);
      await tx.query(`update hubs set name = 'written by its owner' where id = $1`, [hubId]);
    });
    const [hub] = await db.query<{ name: string }>('select name from hubs where id = $1', [hubId]);
    expect(hub!.name).toBe('written by its owner');
  });

  it("checks a node's own leases through its fence, and nothing without one", async () => {
    const [hubId] = nodeB.ownedHubs();
    await db.transaction((tx) => leaseFence(nodeB).check(tx, hubId!));
    // node-a has stopped and owns nothing now: its fence refuses before asking the database.
    const refused = db.transaction((tx) => leaseFence(nodeA).check(tx, hubId!));
    await expect(refused).rejects.toMatchObject({ name: 'FencedError', hubId, token: null });
    await db.transaction((tx) => NO_FENCE.check(tx, hubId!));
  });

  it('has a paused node find, when it resumes, that it owns none of its old hubs', async () => {
    // node-a's rounds stopped (as if the process were paused) while it held two hubs; node-b
    // has taken them over since.
    const owned = hubIds.filter((hubId) => nodeA.owns(hubId));
    expect(owned).toEqual([]);
    const before = await tokensIn();
    nodeA.start();
    expect(await eventually(() => nodeA.ownedHubs().length === 2)).toBe(true);
    // What it owns again it took over with a new token: its old ones are fenced.
    for (const hubId of nodeA.ownedHubs()) {
      expect(nodeA.token(hubId)).toBeGreaterThan(before.get(hubId)!);
    }
  });
});

/** The lease statements themselves: tokens, renewals and releases, by the database's clock. */
describe('the hub lease store', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let db: Database;
  let otherDb: Database;
  let nextHub: () => Promise<number>;

  beforeAll(async () => {
    database = await freshDatabase();
    db = await openDatabase({ url: database.url, dataDir: database.dataDir });
    await migrate(db);
    otherDb = database.url ? await openDatabase({ url: database.url, dataDir: '' }) : db;
    nextHub = async () =>
      (
        await db.query<{ id: number }>(
          `insert into hubs (name, lat, lng) values ('Hub', -20.46, -54.61) returning id`,
        )
      )[0]!.id;
  });

  afterAll(async () => {
    if (otherDb !== db) await otherDb?.close();
    await db?.close();
    await database?.drop();
  });

  it('starts the token at 1, keeps it for its holder and adds one at each handover', async () => {
    const store = sqlLeaseStore(db);
    const hubId = await nextHub();
    expect(await store.tryAcquire(hubId, 'node-a', 60_000)).toBe(1);
    expect(await store.tryAcquire(hubId, 'node-a', 60_000)).toBe(1);
    expect(await store.tryAcquire(hubId, 'node-b', 60_000)).toBeNull();
    await store.release(hubId, 'node-a', 1);
    expect(await store.tryAcquire(hubId, 'node-b', 60_000)).toBe(2);
    await store.release(hubId, 'node-b', 2);
    expect(await store.tryAcquire(hubId, 'node-a', 60_000)).toBe(3);
  });

  it('renews only the leases held with the right token', async () => {
    const store = sqlLeaseStore(db);
    const [held, other] = [await nextHub(), await nextHub()];
    await store.tryAcquire(held, 'node-a', 60_000);
    await store.tryAcquire(other, 'node-b', 60_000);
    const renewed = await store.renew([held, other], 'node-a', [1, 1], 60_000);
    expect(renewed).toEqual([held]);
    expect(await store.renew([held], 'node-a', [2], 60_000)).toEqual([]);
  });

  it('takes over a lease only once it has expired by the database clock', async () => {
    const store = sqlLeaseStore(db);
    const hubId = await nextHub();
    expect(await store.tryAcquire(hubId, 'node-a', 200)).toBe(1);
    let token: number | null = null;
    const taken = await eventually(async () => {
      token = await store.tryAcquire(hubId, 'node-b', 60_000);
      return token !== null;
    });
    expect(taken).toBe(true);
    expect(token).toBe(2);
    expect(await store.renew([hubId], 'node-a', [1], 60_000)).toEqual([]);
  });

  it("fences its holder's write once the lease is released, token or not", async () => {
    const store = sqlLeaseStore(db);
    const hubId = await nextHub();
    const token = (await store.tryAcquire(hubId, 'node-a', 60_000))!;
    await db.transaction((tx) => fenceHub(tx, hubId, 'node-a', token));
    await store.release(hubId, 'node-a', token);
    await expect(db.transaction((tx) => fenceHub(tx, hubId, 'node-a', token))).rejects.toThrow(
      FencedError,
    );
  });

  it('counts as live only nodes with a recent heartbeat that are not draining', async () => {
    const store = sqlLeaseStore(db);
    await store.heartbeat('node-live');
    await store.heartbeat('node-draining');
    await store.markDraining('node-draining');
    await db.query(
      `insert into cluster_nodes (name, heartbeat_at) values ('node-gone', now() - interval '1 hour')`,
    );
    expect(await store.liveNodes(60_000)).toEqual(['node-live']);
  });

  // PGlite is one connection, so two transactions never overlap there: only PostgreSQL can show
  // a takeover waiting on a writer.
  it.skipIf(!process.env.TEST_DATABASE_URL)(
    "makes a takeover wait for the fenced writer's commit",
    async () => {
      const hubId = await nextHub();
      const token = (await sqlLeaseStore(db).tryAcquire(hubId, 'node-a', 300))!;
      const order: string[] = [];
      let takeover: Promise<number | null> | undefined;
      await db.transaction(async (tx) => {
        await fenceHub(tx, hubId, 'node-a', token);
        await tx.query(`update hubs set name = 'written before the takeover' where id = $1`, [
          hubId,
        ]);
        // The lease runs out while the writer still holds its row lock.
        await eventually(async () => {
          const [row] = await otherDb.query<{ expired: boolean }>(
            'select expires_at <= now() as expired from hub_leases where hub_id = $1',
            [hubId],
          );
          return row!.expired;
        });
        takeover = sqlLeaseStore(otherDb)
          .tryAcquire(hubId, 'node-b', 60_000)
          .then((t) => (order.push('taken over'), t));
        const waiting = await eventually(async () => {
          const rows = await db.query(
            `select 1 from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`,
          );
          return rows.length > 0;
        });
        expect(waiting).toBe(true);
        order.push('writer committing');
      });
      expect(await takeover).toBe(token + 1);
      expect(order).toEqual(['writer committing', 'taken over']);
    },
  );
});
