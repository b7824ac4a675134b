/** Why a queued situation left the queue without a proposal. */
export type DropReason = 'coalesced' | 'resolved' | 'stale' | 'overflow' | 'lost';

export interface CoalescingQueueLimits {
  /** Past this many keys, the oldest is dropped for the newest. */
  maxLength: number;
  /** A value waiting longer than this is dropped when its turn comes (ms). */
  maxAgeMs: number;
}

interface Queued<T> {
  value: T;
  queuedAt: number;
}

/**
 * Work waiting for a slow consumer, at most one item per key: a newer item for a key already
 * queued replaces it in place (the situation changed; only its latest state is worth
 * computing), items that waited too long are dropped when their turn comes, and past the length
 * bound the oldest goes. Every drop is reported with its reason, so back-pressure shows in
 * metrics instead of as pauses.
 */
export class CoalescingQueue<T> {
  // A Map iterates in insertion order, and `set` on a present key keeps its place.
  private readonly items = new Map<string, Queued<T>>();

  constructor(
    private readonly limits: CoalescingQueueLimits,
    private readonly onDrop: (reason: DropReason, count: number) => void = () => {},
  ) {
    if (!(limits.maxLength >= 1)) throw new RangeError('maxLength must be at least 1');
    if (!(limits.maxAgeMs > 0)) throw new RangeError('maxAgeMs must be positive');
  }

  get length(): number {
    return this.items.size;
  }

  has(key: string): boolean {
    return this.items.has(key);
  }

  /** Queues `value` under `key`, replacing (in its place) one queued under the same key. */
  push(key: string, value: T, now: number): 'queued' | 'coalesced' {
    if (this.items.has(key)) {
      this.items.set(key, { value, queuedAt: now });
      this.onDrop('coalesced', 1);
      return 'coalesced';
    }
    if (this.items.size >= this.limits.maxLength) {
      const oldest = this.items.keys().next().value as string;
      this.items.delete(oldest);
      this.onDrop('overflow', 1);
    }
    this.items.set(key, { value, queuedAt: now });
    return 'queued';
  }

  /** The oldest value that is still fresh, removed from the queue; stale ones before it are dropped. */
  take(now: number): T | undefined {
    let stale = 0;
    for (const [key, item] of this.items) {
      this.items.delete(key);
      if (now - item.queuedAt > this.limits.maxAgeMs) {
        stale++;
        continue;
      }
      if (stale > 0) this.onDrop('stale', stale);
      return item.value;
    }
    if (stale > 0) this.onDrop('stale', stale);
    return undefined;
  }

  /** Drops every queued value `matches` accepts (its situation went away). */
  dropWhere(matches: (value: T) => boolean, reason: DropReason): number {
    let dropped = 0;
    for (const [key, item] of this.items) {
      if (!matches(item.value)) continue;
      this.items.delete(key);
      dropped++;
    }
    if (dropped > 0) this.onDrop(reason, dropped);
    return dropped;
  }

  clear(): void {
    this.items.clear();
  }
}
