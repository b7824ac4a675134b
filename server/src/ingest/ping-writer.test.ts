import { describe, expect, it } from 'vitest';
import { DomainError } from '@dispatch/shared';
import type { Database, Sql } from '../db/client';
import type { PingRow } from './ping-rows';
import { PingWriter } from './ping-writer';

/** A database stand-in that records statements and fails while `failing` is set. */
function fakeDatabase() {
  const state = { failing: false, transactions: 0, statements: [] as string[] };
  const db = {
    kind: 'pglite',
    async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      await Promise.resolve();
      if (state.failing) throw new Error('connection refused');
      state.transactions++;
      return fn({
        async query<R extends object>(text: string) {
          state.statements.push(text);
          return [] as R[];
        },
      });
    },
  } as unknown as Database;
  return { db, state };
}

const rows = (n: number, courierId = 1): PingRow[] =>
  Array.from({ length: n }, (_, i) => ({
    courierId,
    seq: i,
    t: i,
    receivedAt: i,
    lat: 0,
    lng: 0,
    accuracyMeters: null,
    speedMps: null,
    heading: null,
    battery: null,
    cell: '891f1d48b67ffff',
  }));

const options = { flushIntervalMs: 5, maxBatchRows: 1000, maxBufferedRows: 100 };

describe('PingWriter', () => {
  it('writes submissions from many devices in one transaction', async () => {
    const { db, state } = fakeDatabase();
    const committed: number[] = [];
    const writer = new PingWriter(db, { ...options, onCommitted: (r) => committed.push(r.length) });
    await Promise.all([
      writer.submit(rows(3, 1)),
      writer.submit(rows(4, 2)),
      writer.submit(rows(5, 3)),
    ]);
    expect(state.transactions).toBe(1);
    expect(committed).toEqual([12]);
    expect(writer.bufferedRows).toBe(0);
  });

  it('across nodes, reports as committed only the rows its insert stored', async () => {
    const { db, state } = fakeDatabase();
    const committed: PingRow[][] = [];
    const writer = new PingWriter(db, {
      ...options,
      onceAcrossNodes: true,
      onCommitted: (r) => committed.push(r),
    });
    // The stand-in's insert returns no row: every ping was stored before, by another node.
    await writer.submit(rows(3));
    expect(committed).toEqual([[]]);
    expect(state.statements[0]).toMatch(/for no key update/);
  });

  it('keeps rows and retries while the database fails, resolving only after the commit', async () => {
    const { db, state } = fakeDatabase();
    const errors: number[] = [];
    const writer = new PingWriter(db, {
      ...options,
      onCommitError: (_e, attempt) => errors.push(attempt),
    });
    state.failing = true;
    let done = false;
    const pending = writer.submit(rows(10)).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 250));
    expect(done).toBe(false);
    expect(errors.length).toBeGreaterThan(0);
    expect(writer.bufferedRows).toBe(10);
    state.failing = false;
    await pending;
    expect(done).toBe(true);
    expect(state.transactions).toBe(1);
  });

  it('refuses with overloaded past the buffer bound, without queueing the refused rows', async () => {
    const { db, state } = fakeDatabase();
    state.failing = true;
    const writer = new PingWriter(db, options);
    const first = writer.submit(rows(80));
    expect(() => writer.submit(rows(30))).toThrow(DomainError);
    try {
      void writer.submit(rows(30));
    } catch (e) {
      expect((e as DomainError).code).toBe('overloaded');
    }
    expect(writer.bufferedRows).toBe(80);
    state.failing = false;
    await first;
    await expect(writer.submit(rows(30))).resolves.toBeUndefined();
  });

  it('flushes what is buffered on close, then refuses new rows', async () => {
    const { db, state } = fakeDatabase();
    const writer = new PingWriter(db, { ...options, flushIntervalMs: 10_000 });
    const pending = writer.submit(rows(7));
    await writer.close();
    await pending;
    expect(state.transactions).toBe(1);
    expect(() => writer.submit(rows(1))).toThrow(/shutting down/);
  });

  it('gives up at the close deadline when the database stays down, rejecting as unavailable', async () => {
    const { db, state } = fakeDatabase();
    state.failing = true;
    const writer = new PingWriter(db, options);
    const pending = writer.submit(rows(5));
    await writer.close(200);
    await expect(pending).rejects.toMatchObject({ code: 'unavailable' });
  });
});
