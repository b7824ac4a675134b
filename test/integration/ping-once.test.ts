import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../server/src/db/client';
import { ensurePingPartitions, migrate } from '../../server/src/db/migrate';
import { writePingsOnce, type PingRow } from '../../server/src/ingest/ping-rows';
import { TEST_DATABASE_URL, eventually, freshDatabase } from '../helpers/test-server';

/** `writePingsOnce` on the real schema: what a cluster node's group commit runs. */
describe('storing pings once across nodes', () => {
  let db: Database;
  let drop: () => Promise<void>;
  let courierId: number;

  beforeAll(async () => {
    const fresh = await freshDatabase();
    drop = fresh.drop;
    db = await openDatabase({ url: fresh.url, dataDir: fresh.dataDir, poolSize: 4 });
    await migrate(db);
    await ensurePingPartitions(db);
    const [courier] = await db.query<{ id: number }>(
      `insert into couriers (name, vehicle, capacity) values ('Ivo', 'bike', 20) returning id`,
    );
    courierId = courier!.id;
  });
  afterAll(async () => {
    await db?.close();
    await drop?.();
  });

  const row = (seq: number, lat = -20.47): PingRow => ({
    courierId,
    seq,
    t: Date.now() - 60_000 + seq * 1000,
    receivedAt: Date.now(),
    lat,
    lng: -54.62,
    accuracyMeters: 5,
    speedMps: null,
    heading: null,
    battery: null,
    cell: '88a8100c6bfffff',
  });

  const stored = () =>
    db.query<{ seq: number; n: number }>(
      `select seq::float8 as seq, count(*)::int as n from pings where courier_id = $1
       group by seq order by seq`,
      [courierId],
    );

  it('leaves out sequence numbers already stored and returns only the rows it stored', async () => {
    await db.transaction((tx) => writePingsOnce(tx, [row(1), row(2)]));
    const second = await db.transaction((tx) => writePingsOnce(tx, [row(2), row(3)]));
    expect(second.map((r) => r.seq)).toEqual([3]);
    expect(await stored()).toEqual([
      { seq: 1, n: 1 },
      { seq: 2, n: 1 },
      { seq: 3, n: 1 },
    ]);
  });

  it('stores a sequence number given twice in one commit once', async () => {
    const result = await db.transaction((tx) => writePingsOnce(tx, [row(10), row(10), row(11)]));
    expect(result.map((r) => r.seq)).toEqual([10, 11]);
    expect((await stored()).filter((r) => r.seq >= 10)).toEqual([
      { seq: 10, n: 1 },
      { seq: 11, n: 1 },
    ]);
  });

  it('moves the courier’s last fix only by the pings it stored', async () => {
    const latest = row(20, -20.4);
    await db.transaction((tx) => writePingsOnce(tx, [latest]));
    // A later fix under a stored sequence number is a resend of it, not a move.
    await db.transaction((tx) =>
      writePingsOnce(tx, [{ ...latest, t: latest.t + 60_000, lat: -20.3 }]),
    );
    const [courier] = await db.query<{ lat: number }>(
      'select last_lat as lat from couriers where id = $1',
      [courierId],
    );
    expect(courier!.lat).toBeCloseTo(-20.4, 5);
  });

  // Two transactions at once need two connections: PGlite has one.
  it.skipIf(!TEST_DATABASE_URL)(
    'stores once when another node commits the same pings while this commit is open',
    async () => {
      const batch = [row(30), row(31), row(32)];
      let commitFirst!: () => void;
      const gate = new Promise<void>((resolve) => (commitFirst = resolve));
      let written!: () => void;
      const firstWritten = new Promise<void>((resolve) => (written = resolve));
      const first = db.transaction(async (tx) => {
        const rows = await writePingsOnce(tx, batch);
        written();
        await gate;
        return rows;
      });
      await firstWritten;
      let secondDone = false;
      const second = db
        .transaction((tx) => writePingsOnce(tx, batch))
        .finally(() => (secondDone = true));
      // The second waits on the first's lock of the courier (or, were there none, finishes).
      await eventually(async () => {
        if (secondDone) return true;
        const waiting = await db.query(
          `select 1 from pg_stat_activity where wait_event_type = 'Lock' and datname = current_database()`,
        );
        return waiting.length > 0 ? true : undefined;
      });
      commitFirst();
      const [byFirst, bySecond] = await Promise.all([first, second]);
      expect(byFirst.map((r) => r.seq)).toEqual([30, 31, 32]);
      expect(bySecond).toEqual([]);
      expect((await stored()).filter((r) => r.seq >= 30).map((r) => r.n)).toEqual([1, 1, 1]);
    },
  );
});
