import { FencedError, type Fence } from '../cluster/fence';
import type { Sql } from '../db/client';
import type { EtaStore, EtaUpdate } from '../eta/eta-service';

/** Writes ETAs to the stops table, through the transaction it is given (`StopStore`). */
export interface EtaWriter {
  saveEtas(updates: readonly EtaUpdate[], sql: Sql): Promise<void>;
}

/** A database that runs a function in one transaction. */
export interface Transactions {
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
}

/**
 * The `EtaStore` of a node: each hub's ETAs written in one transaction that first checks the
 * fence (`Fence.check`), so a node that lost the hub writes nothing (false); the lease row stays
 * locked until the commit, so the new owner's writes land after. Stops without a hub have no
 * lease to check (only a node alone writes them).
 */
export function fencedEtaStore(db: Transactions, fence: Fence, writer: EtaWriter): EtaStore {
  return {
    async saveEtas(updates, hubId) {
      try {
        await db.transaction(async (tx) => {
          if (hubId !== null) await fence.check(tx, hubId);
          await writer.saveEtas(updates, tx);
        });
        return true;
      } catch (err) {
        if (err instanceof FencedError) return false;
        throw err;
      }
    },
  };
}
