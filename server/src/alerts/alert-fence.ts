import type { Fence } from '../cluster/fence';
import type { Orm } from '../db/client';
import { ormSql } from '../db/orm-sql';
import { NO_HUB } from '../detect/detection-ports';

/**
 * A system write of an alert, fenced by the hub it is about: the write is refused (its
 * transaction rolls back with `FencedError`) unless this node holds that hub's lease.
 */
export interface AlertWriteFence {
  fence: Fence;
  /** The alert's hub now; null for an alert of no hub, which only a node alone writes. */
  hubId: number | null;
}

/** Checks the hub's fence inside a drizzle transaction (`Fence.check` speaks raw SQL). */
export function checkAlertFence(
  tx: Pick<Orm, 'execute'>,
  fence: Fence,
  hubId: number | null,
): Promise<void> {
  return fence.check(ormSql(tx), hubId ?? NO_HUB);
}
