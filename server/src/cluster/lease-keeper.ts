import type { HubOwnership, OwnershipListener } from './hub-ownership';
import { planLeases } from './lease-plan';
import type { LeaseStore } from './lease-store';

/** A monotonic clock and its timers (the real ones in the server, a fake clock in tests). */
export interface KeeperClock {
  /** Milliseconds on a clock that never goes back and keeps running while the process is paused. */
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const MONOTONIC_CLOCK: KeeperClock = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => {
    const handle = setTimeout(fn, ms);
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface LeaseKeeperOptions {
  store: LeaseStore;
  /** This node's name, unique in the cluster. */
  node: string;
  /** How long a lease lasts without renewal (`LEASE_TTL_S`). */
  ttlMs: number;
  clock?: KeeperClock;
  /**
   * How long before the database's expiry this node stops counting a hub as its own, for the
   * time between the database answering and the node acting on it. Default: an eighth of the TTL.
   */
  marginMs?: number;
  log: {
    info: (o: object, msg: string) => void;
    error: (o: object, msg: string) => void;
  };
}

/** A lease this node holds: its token, and when the renewal that extended it last was sent. */
interface HeldLease {
  token: number;
  renewedAt: number;
}

/**
 * Holds this node's share of the hub leases. Every TTL/4 it beats its heart, renews what it
 * holds, and claims or releases hubs as `planLeases` says. A hub counts as this node's only
 * while the last renewal sent for it is younger than the TTL minus a margin by this node's own
 * monotonic clock, so after a pause (or a database it cannot reach) `owns()` turns false before
 * any other node can take the lease.
 */
export class LeaseKeeper implements HubOwnership {
  readonly node: string;
  private readonly held = new Map<number, HeldLease>();
  private readonly listeners = new Set<OwnershipListener>();
  private readonly clock: KeeperClock;
  private readonly intervalMs: number;
  private readonly validMs: number;
  private timer: unknown = null;
  private running = false;
  private draining = false;
  private inFlight: Promise<void> | null = null;
  /** Grows on every start and stop, so a round finishing after a stop schedules nothing. */
  private generation = 0;

  constructor(private readonly options: LeaseKeeperOptions) {
    this.node = options.node;
    this.clock = options.clock ?? MONOTONIC_CLOCK;
    this.intervalMs = options.ttlMs / 4;
    this.validMs = options.ttlMs - (options.marginMs ?? options.ttlMs / 8);
  }

  owns(hubId: number): boolean {
    const lease = this.held.get(hubId);
    return lease !== undefined && this.clock.now() - lease.renewedAt < this.validMs;
  }

  token(hubId: number): number | null {
    return this.owns(hubId) ? this.held.get(hubId)!.token : null;
  }

  /** The hubs this node owns now. */
  ownedHubs(): number[] {
    return [...this.held.keys()].filter((hubId) => this.owns(hubId)).sort((a, b) => a - b);
  }

  subscribe(listener: OwnershipListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Runs a round at once, then one every TTL/4. */
  start(): void {
    if (this.running || this.draining) return;
    this.running = true;
    this.generation++;
    this.schedule(0);
  }

  /** Stops the rounds (after the one under way) and keeps the leases: they run out by themselves. */
  async stop(): Promise<void> {
    this.running = false;
    this.generation++;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
    await this.inFlight;
  }

  /**
   * Leaves the cluster at once: marks the node draining so no node waits for it, stops the hubs'
   * work here, and releases every lease so the other nodes take them on their next round.
   */
  async drain(): Promise<void> {
    this.draining = true;
    await this.stop();
    await this.attempt('marking the node draining', () =>
      this.options.store.markDraining(this.node),
    );
    const leases = [...this.held];
    for (const [hubId] of leases) this.lose(hubId);
    for (const [hubId, { token }] of leases) {
      await this.attempt('releasing a hub lease', () =>
        this.options.store.release(hubId, this.node, token),
      );
    }
  }

  /** One round; what `start` runs every TTL/4. A failure is logged and the next round tries again. */
  async round(): Promise<void> {
    this.inFlight ??= this.runRound().finally(() => {
      this.inFlight = null;
    });
    await this.inFlight;
  }

  private schedule(delayMs: number): void {
    const generation = this.generation;
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      const startedAt = this.clock.now();
      void this.round().then(() => {
        if (generation !== this.generation) return;
        this.schedule(Math.max(0, this.intervalMs - (this.clock.now() - startedAt)));
      });
    }, delayMs);
  }

  private async runRound(): Promise<void> {
    if (this.draining) return;
    const { store, node, ttlMs } = this.options;
    this.dropLapsed();
    try {
      await store.heartbeat(node);
      await this.renewHeld();
      const [liveNodes, leases, hubIds] = await Promise.all([
        store.liveNodes(ttlMs),
        store.leases(),
        store.hubIds(),
      ]);
      const plan = planLeases({
        node,
        draining: false,
        liveNodes,
        hubIds,
        // A lease the database gives this node but the node has let go counts as free: taking it
        // again keeps its token.
        leases: leases.map((l) => ({
          hubId: l.hubId,
          owner: l.owner,
          expired: l.expired || (l.owner === node && !this.held.has(l.hubId)),
        })),
      });
      for (const hubId of plan.release) await this.release(hubId);
      for (const hubId of plan.claim) await this.acquire(hubId);
    } catch (err) {
      this.options.log.error({ err, node }, 'hub lease round failed; trying again next round');
    }
  }

  /** Renews every held lease in one statement; a lease not renewed is lost at once. */
  private async renewHeld(): Promise<void> {
    const { store, node, ttlMs } = this.options;
    const hubIds = [...this.held.keys()];
    if (hubIds.length === 0) return;
    const sentAt = this.clock.now();
    const tokens = hubIds.map((hubId) => this.held.get(hubId)!.token);
    const renewed = new Set(await store.renew(hubIds, node, tokens, ttlMs));
    for (const hubId of hubIds) {
      const lease = this.held.get(hubId);
      if (!lease) continue;
      if (renewed.has(hubId)) lease.renewedAt = sentAt;
      else this.lose(hubId);
    }
  }

  private async release(hubId: number): Promise<void> {
    const lease = this.held.get(hubId);
    if (!lease) return;
    // The work stops here before the lease is free for another node to take.
    this.lose(hubId);
    await this.options.store.release(hubId, this.options.node, lease.token);
  }

  private async acquire(hubId: number): Promise<void> {
    const { store, node, ttlMs } = this.options;
    const sentAt = this.clock.now();
    const token = await store.tryAcquire(hubId, node, ttlMs);
    if (token === null) return;
    this.held.set(hubId, { token, renewedAt: sentAt });
    this.options.log.info({ node, hubId, token }, 'hub lease acquired');
    this.tell((l) => l.gained(hubId, token));
  }

  /** Lets go of the hubs whose last renewal is too old to trust, telling the listeners. */
  private dropLapsed(): void {
    for (const hubId of [...this.held.keys()]) if (!this.owns(hubId)) this.lose(hubId);
  }

  private lose(hubId: number): void {
    if (!this.held.delete(hubId)) return;
    this.options.log.info({ node: this.node, hubId }, 'hub lease lost');
    this.tell((l) => l.lost(hubId));
  }

  private tell(call: (listener: OwnershipListener) => void): void {
    for (const listener of this.listeners) {
      try {
        call(listener);
      } catch (err) {
        this.options.log.error({ err, node: this.node }, 'hub ownership listener failed');
      }
    }
  }

  private async attempt(what: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      this.options.log.error({ err, node: this.node }, `${what} failed`);
    }
  }
}
