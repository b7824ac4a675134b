import { randomUUID } from 'node:crypto';

/** How long a previewed plan can be accepted: long enough to read it, short enough to stay true. */
export const PLAN_DRAFT_TTL_MS = 10 * 60_000;

/** A stored draft with its id and times (epoch ms). */
export interface StoredDraft<T> {
  planId: string;
  hubId: number;
  createdAt: number;
  expiresAt: number;
  draft: T;
}

/**
 * Plans computed but not applied, in memory: one per hub (a newer preview replaces the older),
 * each kept for `ttlMs`. Lost on restart, which only means planning again.
 */
export class PlanDrafts<T> {
  private readonly byHub = new Map<number, StoredDraft<T>>();

  constructor(
    private readonly ttlMs = PLAN_DRAFT_TTL_MS,
    private readonly now: () => number = Date.now,
    private readonly newId: () => string = randomUUID,
  ) {}

  /** Keeps a hub's draft, replacing the one it had; returns it with its id and expiry. */
  put(hubId: number, draft: T): StoredDraft<T> {
    const createdAt = this.now();
    const stored = {
      planId: this.newId(),
      hubId,
      createdAt,
      expiresAt: createdAt + this.ttlMs,
      draft,
    };
    this.byHub.set(hubId, stored);
    return stored;
  }

  /** The hub's draft with this id, unless it expired or was replaced or removed. */
  get(hubId: number, planId: string): StoredDraft<T> | undefined {
    const stored = this.byHub.get(hubId);
    if (!stored || stored.planId !== planId) return undefined;
    if (this.now() >= stored.expiresAt) {
      this.byHub.delete(hubId);
      return undefined;
    }
    return stored;
  }

  /** Removes and returns the hub's draft with this id (so it is applied at most once). */
  take(hubId: number, planId: string): StoredDraft<T> | undefined {
    const stored = this.get(hubId, planId);
    if (stored) this.byHub.delete(hubId);
    return stored;
  }

  /** Drops every draft of a hub (its routes changed by another plan). */
  clear(hubId: number): void {
    this.byHub.delete(hubId);
  }
}
