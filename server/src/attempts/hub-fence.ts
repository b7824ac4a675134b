import type { Fence } from '../cluster/fence';
import type { Orm } from '../db/client';
import { ormSql } from '../db/orm-sql';

/** A drizzle transaction, as far as raw statements go. */
export type ExecutingTx = Pick<Orm, 'execute'>;

/**
 * Checks the hub's fence inside a drizzle transaction (`Fence.check` speaks raw SQL): throws
 * `FencedError`, rolling the follow-up back, when this node no longer owns the hub.
 */
export function checkHubFence(fence: Fence, tx: ExecutingTx, hubId: number): Promise<void> {
  return fence.check(ormSql(tx), hubId);
}
