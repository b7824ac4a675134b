import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import type { PingAck } from '@dispatch/shared';
import { TEST_DATABASE_URL, TestServer, eventually, makePings } from '../helpers/test-server';

/**
 * The database stops answering: a transaction holds an exclusive lock on `pings`, so every
 * commit waits behind it (on PostgreSQL from another connection; on PGlite, whose single
 * connection serialises everything, from inside the server's own database handle).
 */
async function holdPingsLock(server: TestServer): Promise<() => Promise<void>> {
  const external = TEST_DATABASE_URL
    ? postgres(server.config.DATABASE_URL!, { max: 1, onnotice: () => {} })
    : null;
  const inTransaction = <T>(
    fn: (query: (text: string) => Promise<unknown>) => Promise<T>,
  ): Promise<T> =>
    external
      ? (external.begin((t) => fn((text) => t.unsafe(text))) as Promise<T>)
      : server.app.db.transaction((t) => fn((text) => t.query(text)));
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let locked!: () => void;
  const isLocked = new Promise<void>((r) => (locked = r));
  const tx = inTransaction(async (query) => {
    await query('lock table pings in access exclusive mode');
    locked();
    await held;
  });
  await isLocked;
  let released = false;
  return async () => {
    if (released) return;
    released = true;
    release();
    await tx;
    await external?.end();
  };
}

describe('a database that stops answering', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await TestServer.start({ ACK_TIMEOUT_MS: 1000, INGEST_BUFFER_MAX_ROWS: 100 });
  });
  afterAll(() => server?.stop());

  it('makes acks wait or say overloaded, and stores every acked ping once it is back', async () => {
    const cookie = await server.login();
    const { id, deviceToken } = await server.createCourier(cookie);
    const device = await server.connectCourier(deviceToken);
    await device.timeout(15_000).emitWithAck('pings', { pings: makePings(1, 0) });
    const release = await holdPingsLock(server);
    onTestFinished(release);

    // 60 pings fit the buffer of 100 and wait; the next 60 do not fit.
    const first = makePings(60, 1);
    const second = makePings(60, 61);
    const firstAck: Promise<PingAck> = device
      .timeout(15_000)
      .emitWithAck('pings', { pings: first });
    const secondAck: PingAck = await device.timeout(15_000).emitWithAck('pings', { pings: second });
    expect(secondAck).toMatchObject({ ok: false, error: { code: 'overloaded' } });
    // The waiting batch is not confirmed while the database is stuck: the ack times out retryable.
    expect(await firstAck).toMatchObject({ ok: false, error: { code: 'unavailable' } });

    await release();

    // The device resends everything it holds; every ping ends up stored exactly once.
    const resendFirst: PingAck = await device
      .timeout(15_000)
      .emitWithAck('pings', { pings: first });
    const resendSecond: PingAck = await device
      .timeout(15_000)
      .emitWithAck('pings', { pings: second });
    expect(resendFirst).toMatchObject({ ok: true, upTo: 60 });
    expect(resendSecond, JSON.stringify(resendSecond)).toMatchObject({
      ok: true,
      upTo: 120,
      stored: 60,
    });
    const rows = await eventually(
      async () => {
        const r = await server.storedPings(id);
        return r.length === 121 ? r : undefined;
      },
      10_000,
      'all pings stored',
    );
    expect(rows.map((r) => r.seq)).toEqual(Array.from({ length: 121 }, (_, i) => i));
  });

  it('acks that wait through a short stall succeed', async () => {
    const cookie = await server.login();
    const { id, deviceToken } = await server.createCourier(cookie);
    const device = await server.connectCourier(deviceToken);
    const release = await holdPingsLock(server);
    onTestFinished(release);
    // The first batch of a device also waits for its dedupe state to load from the database.
    const ack: Promise<PingAck> = device
      .timeout(15_000)
      .emitWithAck('pings', { pings: makePings(10, 1) });
    await new Promise((r) => setTimeout(r, 300));
    await release();
    expect(await ack).toMatchObject({ ok: true, upTo: 10, stored: 10 });
    expect((await server.storedPings(id)).length).toBe(10);
  });
});
