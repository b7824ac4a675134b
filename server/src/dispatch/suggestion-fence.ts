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

/** A proposal whose alert was resolved before it could be stored: it answers nothing now. */
export class AlertClosedError extends Error {
  readonly code = 'conflict';

  constructor(readonly alertId: number) {
    super(`alert ${alertId} is no longer open: its proposals are not stored`);
    this.name = 'AlertClosedError';
  }
}

/**
 * The guard of a suggestion made for `alertId`: the alert is still open, its row locked
 * `FOR SHARE` until commit. Resolving the alert waits for this write, and its suggestions are
 * expired after the resolution commits, so a proposal computed while the alert was open is
 * either refused here or stored in time to be expired with the others.
 */
export function whileAlertOpen(alertId: number): WriteGuard {
  return async (tx) => {
    const open = await ormSql(tx).query(
      'select 1 from alerts where id = $1 and resolved_at is null for share',
      [alertId],
    );
    if (open.length === 0) throw new AlertClosedError(alertId);
  };
}

/** Guards run one after the other in the same transaction. */
export function allOf(...guards: WriteGuard[]): WriteGuard {
  return async (tx) => {
    for (const guard of guards) await guard(tx);
  };
}
