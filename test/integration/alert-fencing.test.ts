import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertService } from '../../server/src/alerts/alert-service';
import { FencedError, leaseFence, type Fence } from '../../server/src/cluster/fence';
import type { HubOwnership } from '../../server/src/cluster/hub-ownership';
import { openDatabase, type Database } from '../../server/src/db/client';
import { migrate } from '../../server/src/db/migrate';
import { DomainBus } from '../../server/src/events/bus';
import { freshDatabase } from '../helpers/test-server';

const SYSTEM = { type: 'system' } as const;

/** A node that believes it holds every hub with `token`, whatever the database says. */
function believing(node: string, token: number): HubOwnership {
  return { node, owns: () => true, token: () => token, subscribe: () => () => undefined };
}

/**
 * Alert writes fenced by their hub's lease, on the real schema (PGlite, or PostgreSQL with
 * TEST_DATABASE_URL): a node whose token is not the lease's writes nothing, the lease's holder
 * writes as before.
 */
describe('alert writes fenced by the hub lease', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let db: Database;
  let alerts: AlertService;
  let hubId: number;
  let courierIds: number[];
  /** node-a's fence: the lease of `hubId` is node-b's (token 2). */
  let stale: Fence;
  /** node-b's fence, holding the lease. */
  let holder: Fence;

  beforeAll(async () => {
    database = await freshDatabase();
    db = await openDatabase({ url: database.url, dataDir: database.dataDir });
    await migrate(db);
    alerts = new AlertService(db.orm, new DomainBus());
    const [hub] = await db.query<{ id: number }>(
      `insert into hubs (name, lat, lng) values ('Centro', -20.46, -54.61) returning id`,
    );
    hubId = hub!.id;
    const couriers = await db.query<{ id: number }>(
      `insert into couriers (name, vehicle, capacity, hub_id)
       values ('Ana', 'car', 20, $1), ('Bia', 'car', 20, $1), ('Caio', 'car', 20, $1)
       returning id`,
      [hubId],
    );
    courierIds = couriers.map((c) => c.id);
    await db.query(
      `insert into hub_leases (hub_id, owner, token, expires_at)
       values ($1, 'node-b', 2, now() + interval '10 minutes')`,
      [hubId],
    );
    stale = leaseFence(believing('node-a', 1));
    holder = leaseFence(believing('node-b', 2));
  });
  afterAll(async () => {
    await db?.close();
    await database?.drop();
  });

  /** The subject of a stall of the `n`th courier. */
  const stallOf = (n: number) => ({ courierId: courierIds[n]!, stopId: null, hubId });
  const rowsOf = (table: 'alerts' | 'events') =>
    db.query<{ n: number }>(`select count(*)::int as n from ${table}`).then((r) => r[0]!.n);

  it('opens nothing, and logs nothing, for a node that does not hold the lease', async () => {
    const before = await rowsOf('events');
    const raise = alerts.raise('stalled', stallOf(0), 'warning', {}, SYSTEM, stale);
    await expect(raise).rejects.toBeInstanceOf(FencedError);
    expect(await rowsOf('alerts')).toBe(0);
    expect(await rowsOf('events')).toBe(before);
  });

  it('leaves an open alert as it was when a stale node updates, resolves or escalates it', async () => {
    const opened = await alerts.raise('stalled', stallOf(1), 'warning', {}, SYSTEM, holder);
    const update = alerts.raise('stalled', stallOf(1), 'critical', {}, SYSTEM, stale);
    await expect(update).rejects.toBeInstanceOf(FencedError);
    const resolve = alerts.resolve(opened.id, SYSTEM, 'gone', undefined, { fence: stale, hubId });
    await expect(resolve).rejects.toBeInstanceOf(FencedError);
    const later = opened.openedAt + 60_000;
    const escalate = alerts.escalateOverdue(later, 1000, { fence: stale, hubId });
    await expect(escalate).rejects.toBeInstanceOf(FencedError);

    const [stored] = await alerts.list({ status: 'all', ids: [opened.id], limit: 1 });
    expect(stored).toMatchObject({ severity: 'warning', resolvedAt: null, escalatedAt: null });
  });

  it('writes as before for the node holding the lease', async () => {
    const opened = await alerts.raise('stalled', stallOf(2), 'warning', {}, SYSTEM, holder);
    const later = opened.openedAt + 60_000;
    const escalated = await alerts.escalateOverdue(later, 1000, { fence: holder, hubId });
    expect(escalated.map((a) => a.id)).toContain(opened.id);
    const resolved = await alerts.resolve(opened.id, SYSTEM, 'gone', undefined, {
      fence: holder,
      hubId,
    });
    expect(resolved.resolvedAt).not.toBeNull();
  });
});
