import { describe, expect, it } from 'vitest';
import { FencedError, type Fence } from '../cluster/fence';
import type { Sql } from '../db/client';
import type { EtaUpdate } from '../eta/eta-service';
import { fencedEtaStore, type Transactions } from './fenced-eta-store';

/** A database whose transactions keep what was written only when they commit. */
function recordingDatabase() {
  const committed: EtaUpdate[][] = [];
  const db: Transactions = {
    async transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T> {
      const pending: EtaUpdate[][] = [];
      const tx = { query: () => Promise.resolve([]), pending } as Sql & { pending: EtaUpdate[][] };
      const result = await fn(tx);
      committed.push(...pending);
      return result;
    },
  };
  const writer = {
    saveEtas: (updates: readonly EtaUpdate[], sql: Sql) => {
      (sql as Sql & { pending: EtaUpdate[][] }).pending.push([...updates]);
      return Promise.resolve();
    },
  };
  return { db, writer, committed };
}

/** A fence that lets this node write hub 1 only, recording the transactions it checked in. */
function hubOneFence() {
  const checkedIn: Sql[] = [];
  const fence: Fence = {
    check: (tx, hubId) => {
      checkedIn.push(tx);
      return hubId === 1 ? Promise.resolve() : Promise.reject(new FencedError(hubId, 'a', 7));
    },
  };
  return { fence, checkedIn };
}

const UPDATES: EtaUpdate[] = [{ stopId: 10, eta: 1_000 }];

describe('fencedEtaStore', () => {
  it('writes a hub’s ETAs in the transaction the fence was checked in', async () => {
    const { db, writer, committed } = recordingDatabase();
    const { fence, checkedIn } = hubOneFence();
    expect(await fencedEtaStore(db, fence, writer).saveEtas(UPDATES, 1)).toBe(true);
    expect(committed).toEqual([UPDATES]);
    expect(checkedIn.map((tx) => (tx as Sql & { pending: EtaUpdate[][] }).pending)).toEqual([
      [UPDATES],
    ]);
  });

  it('writes nothing for a hub this node no longer holds, and says so', async () => {
    const { db, writer, committed } = recordingDatabase();
    const { fence } = hubOneFence();
    expect(await fencedEtaStore(db, fence, writer).saveEtas(UPDATES, 2)).toBe(false);
    expect(committed).toEqual([]);
  });

  it('passes on a failure that is not the fence', async () => {
    const { db, committed } = recordingDatabase();
    const { fence } = hubOneFence();
    const broken = { saveEtas: () => Promise.reject(new Error('connection lost')) };
    await expect(fencedEtaStore(db, fence, broken).saveEtas(UPDATES, 1)).rejects.toThrow(
      'connection lost',
    );
    expect(committed).toEqual([]);
  });

  it('writes stops without a hub without a fence to check', async () => {
    const { db, writer, committed } = recordingDatabase();
    const { fence, checkedIn } = hubOneFence();
    await fencedEtaStore(db, fence, writer).saveEtas(UPDATES, null);
    expect(committed).toEqual([UPDATES]);
    expect(checkedIn).toEqual([]);
  });
});
