import type { Fence } from '../cluster/fence';
import { ormSql } from '../db/orm-sql';
import type { Tx } from './reassign-service';

/**
 * What a writer of suggestions runs first inside its transaction: throwing rolls the whole
 * write back. The suggestion triggers pass the fence of the hub they propose for, so a node that
 * lost the hub's lease writes nothing; a dispatcher's request passes none.
 */
export type WriteGuard = (tx: Tx) => Promise<void>;

/** The guard of a write of `hubId`'s suggestions: the hub's lease, checked in the transaction. */
export function fencedBy(fence: Fence, hubId: number): WriteGuard {
  return (tx) => fence.check(ormSql(tx), hubId);
}
