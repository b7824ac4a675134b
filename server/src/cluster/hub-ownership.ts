/**
 * Which hubs this node runs the owner-only work of: detection, ETA refreshes, the alert
 * lifecycle, suggestions and planning. A node alone owns every hub; in a cluster each hub has
 * one owner at a time, holding a lease with a fencing token (`lease-keeper.ts`).
 */
export interface HubOwnership {
  /** This node's name (the lease owner's name in a cluster). */
  readonly node: string;
  /** Whether this node runs the hub's owner-only work now. */
  owns(hubId: number): boolean;
  /**
   * The fencing token this node holds for the hub, or null when it does not own it. Writes of
   * owner-only state carry it (`fence.ts`), so a node that lost the lease cannot write.
   */
  token(hubId: number): number | null;
  /** Tells `listener` when this node gains or loses a hub; returns the unsubscribe. */
  subscribe(listener: OwnershipListener): () => void;
}

export interface OwnershipListener {
  gained(hubId: number, token: number): void;
  lost(hubId: number): void;
}

/** A node alone: it owns every hub, and nothing is fenced (token 0). */
export function soleOwner(node: string): HubOwnership {
  return {
    node,
    owns: () => true,
    token: () => 0,
    subscribe: () => () => undefined,
  };
}
