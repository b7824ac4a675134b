import type { Sql } from '../db/client';
import type { HubOwnership } from './hub-ownership';

/** A write of a hub's owner-only state by a node that no longer holds the hub's lease. */
export class FencedError extends Error {
  readonly code = 'conflict';

  constructor(
    readonly hubId: number,
    readonly node: string,
    readonly token: number | null,
  ) {
    super(
      token === null
        ? `node ${node} does not own hub ${hubId}: its owner-only state is not this node's to write`
        : `node ${node} no longer holds hub ${hubId}'s lease with token ${token}: the write is refused`,
    );
    this.name = 'FencedError';
  }
}

/**
 * Inside the caller's transaction, checks that `node` still holds the hub's unexpired lease with
 * `token`, and throws `FencedError` (rolling the transaction back) otherwise. The row is locked
 * `FOR SHARE` until commit, so a node taking the lease over waits for this write to land first:
 * every write a fenced node makes is ordered before the new owner's.
 */
export async function fenceHub(tx: Sql, hubId: number, node: string, token: number): Promise<void> {
  const rows = await tx.query(
    `select 1 from hub_leases
     where hub_id = $1 and owner = $2 and token = $3 and expires_at > now()
     for share`,
    [hubId, node, token],
  );
  if (rows.length === 0) throw new FencedError(hubId, node, token);
}

/** What a writer of owner-only state calls, inside its transaction, before writing a hub's. */
export interface Fence {
  /** Throws `FencedError` when this node may not write the hub's owner-only state. */
  check(tx: Sql, hubId: number): Promise<void>;
}

/** The fence of a node in a cluster: the lease it holds now, with its token. */
export function leaseFence(ownership: HubOwnership): Fence {
  return {
    async check(tx, hubId) {
      const token = ownership.token(hubId);
      if (token === null) throw new FencedError(hubId, ownership.node, null);
      await fenceHub(tx, hubId, ownership.node, token);
    },
  };
}

/** A node alone owns every hub: nothing to check. */
export const NO_FENCE: Fence = {
  check: () => Promise.resolve(),
};
