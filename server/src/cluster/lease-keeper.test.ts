import { describe, expect, it, vi } from 'vitest';
import { LeaseKeeper, type KeeperClock } from './lease-keeper';
import type { LeaseRow, LeaseStore } from './lease-store';

const TTL_MS = 8_000;

/** Timers that run only when the test moves time on. */
class FakeClock implements KeeperClock {
  private time = 0;
  private nextId = 0;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();

  now = () => this.time;
  setTimeout = (fn: () => void, ms: number) => {
    this.timers.set(++this.nextId, { at: this.time + ms, fn });
    return this.nextId;
  };
  clearTimeout = (handle: unknown) => {
    this.timers.delete(handle as number);
  };

  /** Moves time on without running any timer, like a process paused and resumed. */
  jump(ms: number): void {
    this.time += ms;
  }

  /** Moves time on, running each timer that comes due and letting its promises settle. */
  async advance(ms: number): Promise<void> {
    const until = this.time + ms;
    for (;;) {
      const due = [...this.timers]
        .filter(([, t]) => t.at <= until)
        .sort((a, b) => a[1].at - b[1].at);
      const [first] = due;
      if (!first) break;
      this.timers.delete(first[0]);
      this.time = first[1].at;
      first[1].fn();
      await new Promise((resolve) => setImmediate(resolve));
    }
    this.time = until;
  }
}

/** The cluster tables in memory, on the fake clock; `down` makes every call fail. */
class MemoryLeaseStore implements LeaseStore {
  readonly nodes = new Map<string, { heartbeatAt: number; draining: boolean }>();
  readonly rows = new Map<number, { owner: string; token: number; expiresAt: number }>();
  down = false;

  constructor(
    private readonly clock: FakeClock,
    private readonly hubs: number[],
  ) {}

  private async call<T>(fn: () => T): Promise<T> {
    await Promise.resolve();
    if (this.down) throw new Error('connection refused');
    return fn();
  }

  heartbeat = (node: string) =>
    this.call(() => void this.nodes.set(node, { heartbeatAt: this.clock.now(), draining: false }));
  markDraining = (node: string) =>
    this.call(() => {
      const row = this.nodes.get(node);
      if (row) row.draining = true;
    });
  liveNodes = (ttlMs: number) =>
    this.call(() =>
      [...this.nodes]
        .filter(([, n]) => !n.draining && n.heartbeatAt > this.clock.now() - ttlMs)
        .map(([name]) => name),
    );
  leases = () =>
    this.call((): LeaseRow[] =>
      [...this.rows].map(([hubId, r]) => ({
        hubId,
        owner: r.owner,
        token: r.token,
        expired: r.expiresAt <= this.clock.now(),
      })),
    );
  hubIds = () => this.call(() => [...this.hubs]);
  tryAcquire = (hubId: number, node: string, ttlMs: number) =>
    this.call(() => {
      const now = this.clock.now();
      const row = this.rows.get(hubId);
      const expiresAt = now + ttlMs;
      if (!row) {
        this.rows.set(hubId, { owner: node, token: 1, expiresAt });
        return 1;
      }
      const unexpired = row.expiresAt > now;
      if (unexpired && row.owner !== node) return null;
      const token = unexpired ? row.token : row.token + 1;
      this.rows.set(hubId, { owner: node, token, expiresAt });
      return token;
    });
  renew = (hubIds: number[], node: string, tokens: number[], ttlMs: number) =>
    this.call(() =>
      hubIds.filter((hubId, i) => {
        const row = this.rows.get(hubId);
        const held = row?.owner === node && row.token === tokens[i];
        if (!row || !held || row.expiresAt <= this.clock.now()) return false;
        row.expiresAt = this.clock.now() + ttlMs;
        return true;
      }),
    );
  release = (hubId: number, node: string, token: number) =>
    this.call(() => {
      const row = this.rows.get(hubId);
      if (row?.owner === node && row.token === token) row.expiresAt = this.clock.now();
    });

  /** Another node takes the hub over, as after this node's lease ran out. */
  takeOver(hubId: number, node: string): void {
    const row = this.rows.get(hubId)!;
    this.rows.set(hubId, {
      owner: node,
      token: row.token + 1,
      expiresAt: this.clock.now() + TTL_MS,
    });
  }
}

/** A keeper on the fake store, and what its listeners were told, in order. */
function keeperOn(store: MemoryLeaseStore, clock: FakeClock, node = 'a') {
  const told: string[] = [];
  const log = { info: vi.fn(), error: vi.fn() };
  const keeper = new LeaseKeeper({ store, node, ttlMs: TTL_MS, clock, log });
  keeper.subscribe({
    gained: (hubId, token) => told.push(`gained ${hubId} #${token}`),
    lost: (hubId) => told.push(`lost ${hubId}`),
  });
  return { keeper, told, log };
}

function setup(hubCount = 2) {
  const clock = new FakeClock();
  const hubs = Array.from({ length: hubCount }, (_, i) => i + 1);
  const store = new MemoryLeaseStore(clock, hubs);
  return { clock, store, ...keeperOn(store, clock) };
}

describe('keeping hub leases', () => {
  it('tells its listeners of the hubs it gains, with their tokens', async () => {
    const { keeper, told } = setup(2);
    await keeper.round();
    expect(told.sort()).toEqual(['gained 1 #1', 'gained 2 #1']);
    expect(keeper.owns(1)).toBe(true);
    expect(keeper.token(2)).toBe(1);
  });

  it('hands hubs over to a joining node and tells its listeners of each loss', async () => {
    const { clock, store, keeper, told } = setup(4);
    const joining = keeperOn(store, clock, 'b');
    await keeper.round();
    for (let i = 0; i < 3; i++) {
      await joining.keeper.round();
      await keeper.round();
    }
    await joining.keeper.round();
    expect(keeper.ownedHubs()).toHaveLength(2);
    expect(joining.keeper.ownedHubs()).toHaveLength(2);
    expect(told.filter((t) => t.startsWith('lost'))).toHaveLength(2);
    for (const hubId of joining.keeper.ownedHubs()) expect(joining.keeper.token(hubId)).toBe(2);
  });

  it('loses a hub at once when its renewal is refused', async () => {
    const { store, keeper, told } = setup(1);
    await keeper.round();
    store.takeOver(1, 'b');
    await keeper.round();
    expect(told).toEqual(['gained 1 #1', 'lost 1']);
    expect(keeper.owns(1)).toBe(false);
    expect(keeper.token(1)).toBeNull();
  });

  it('stops owning a hub after a pause longer than the lease, before any round runs', async () => {
    const { clock, keeper, told } = setup(1);
    await keeper.round();
    clock.jump(TTL_MS);
    expect(keeper.owns(1)).toBe(false);
    expect(keeper.token(1)).toBeNull();
    await keeper.round();
    // The next round tells the listeners, then takes the expired lease again with a new token.
    expect(told).toEqual(['gained 1 #1', 'lost 1', 'gained 1 #2']);
  });

  it('keeps a hub through a failed round while its last renewal is recent, then lets it go', async () => {
    const { clock, store, keeper, told, log } = setup(1);
    await keeper.round();
    store.down = true;
    clock.jump(TTL_MS / 4);
    await expect(keeper.round()).resolves.toBeUndefined();
    expect(log.error).toHaveBeenCalledOnce();
    expect(keeper.owns(1)).toBe(true);
    clock.jump(TTL_MS);
    await keeper.round();
    expect(keeper.owns(1)).toBe(false);
    expect(told).toEqual(['gained 1 #1', 'lost 1']);
  });

  it('runs a round at once on start, then every quarter of the lease', async () => {
    const { clock, store, keeper } = setup(1);
    keeper.start();
    await clock.advance(0);
    expect(keeper.owns(1)).toBe(true);
    await clock.advance(TTL_MS * 3 + TTL_MS / 4);
    // The last round ran just now (a quarter past a whole TTL) and renewed the lease a full TTL.
    expect(store.rows.get(1)!.expiresAt).toBe(clock.now() + TTL_MS);
    expect(keeper.owns(1)).toBe(true);
    await keeper.stop();
    await clock.advance(TTL_MS);
    expect(keeper.owns(1)).toBe(false);
  });

  it('on drain releases every hub, marks the node draining and tells its listeners', async () => {
    const { clock, store, keeper, told } = setup(2);
    const other = keeperOn(store, clock, 'b');
    keeper.start();
    await clock.advance(0);
    await keeper.drain();
    expect(told.slice(0, 2).sort()).toEqual(['gained 1 #1', 'gained 2 #1']);
    expect(told.slice(2).sort()).toEqual(['lost 1', 'lost 2']);
    expect(keeper.ownedHubs()).toEqual([]);
    expect(store.nodes.get('a')!.draining).toBe(true);
    await other.keeper.round();
    expect(other.keeper.ownedHubs()).toEqual([1, 2]);
    expect(other.told.sort()).toEqual(['gained 1 #2', 'gained 2 #2']);
    // A drained keeper runs no more rounds.
    await clock.advance(TTL_MS);
    expect(keeper.ownedHubs()).toEqual([]);
  });
});
