/**
 * A map that holds at most `capacity` entries and, when full, evicts the one written or read
 * (with `get`) longest ago. `peek` reads without counting as a use.
 */
export class LruMap<K, V> {
  private readonly entries = new Map<K, V>();

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError('an LRU map needs a capacity of at least 1');
    }
  }

  get size(): number {
    return this.entries.size;
  }

  has(key: K): boolean {
    return this.entries.has(key);
  }

  /** The value, marked as just used. */
  get(key: K): V | undefined {
    const value = this.entries.get(key);
    if (value === undefined) return undefined;
    // A Map iterates in insertion order: re-inserting moves the key to the young end.
    this.entries.delete(key);
    this.entries.set(key, value);
    return value;
  }

  /** The value, leaving its age alone. */
  peek(key: K): V | undefined {
    return this.entries.get(key);
  }

  /** Stores a value as just used; returns how many old entries were evicted to make room. */
  set(key: K, value: V): number {
    this.entries.delete(key);
    this.entries.set(key, value);
    let evicted = 0;
    while (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next().value as K;
      this.entries.delete(oldest);
      evicted++;
    }
    return evicted;
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }

  /** Entries from the least to the most recently used. */
  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries.entries();
  }
}
