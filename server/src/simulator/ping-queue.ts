import type { Ping } from '@dispatch/shared';

/**
 * Fixes recorded but not yet acknowledged by the server, oldest first. Bounded: when full the
 * oldest fix is dropped (a phone would rather lose old history than stop recording).
 */
export class PingQueue {
  private items: Ping[] = [];
  private head = 0;
  /** Fixes dropped because the queue was full, since the start. */
  droppedTotal = 0;

  constructor(readonly maxSize = 20_000) {}

  get size(): number {
    return this.items.length - this.head;
  }

  /** Appends a fix; returns how many old fixes were dropped to make room (0 or 1). */
  push(ping: Ping): number {
    this.items.push(ping);
    if (this.size <= this.maxSize) return 0;
    this.head++;
    this.droppedTotal++;
    this.compact();
    return 1;
  }

  /** Up to `max` of the oldest fixes, without removing them. */
  oldest(max: number): Ping[] {
    return this.items.slice(this.head, this.head + max);
  }

  /** Removes every fix with `seq <= upTo` (acks are cumulative); returns how many went. */
  ackUpTo(upTo: number): number {
    let removed = 0;
    while (this.head < this.items.length && this.items[this.head]!.seq <= upTo) {
      this.head++;
      removed++;
    }
    this.compact();
    return removed;
  }

  private compact(): void {
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    } else if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    }
  }
}
