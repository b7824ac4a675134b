/** A binary min-heap of integer items keyed by a number, on growable typed arrays (no per-push objects). */
export class MinHeap {
  private items: Int32Array;
  private keys: Float64Array;
  private count = 0;

  constructor(initialCapacity = 1024) {
    this.items = new Int32Array(initialCapacity);
    this.keys = new Float64Array(initialCapacity);
  }

  get size(): number {
    return this.count;
  }

  clear(): void {
    this.count = 0;
  }

  push(item: number, key: number): void {
    if (this.count === this.items.length) this.grow();
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const parentKey = this.keys[parent]!;
      if (parentKey <= key) break;
      this.items[i] = this.items[parent]!;
      this.keys[i] = parentKey;
      i = parent;
    }
    this.items[i] = item;
    this.keys[i] = key;
  }

  /** Key of the smallest item; Infinity when empty. */
  peekKey(): number {
    return this.count > 0 ? this.keys[0]! : Infinity;
  }

  /** Removes and returns the item with the smallest key; -1 when empty. */
  pop(): number {
    if (this.count === 0) return -1;
    const top = this.items[0]!;
    const last = --this.count;
    if (last > 0) {
      const item = this.items[last]!;
      const key = this.keys[last]!;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        if (left >= last) break;
        const right = left + 1;
        const child = right < last && this.keys[right]! < this.keys[left]! ? right : left;
        if (this.keys[child]! >= key) break;
        this.items[i] = this.items[child]!;
        this.keys[i] = this.keys[child]!;
        i = child;
      }
      this.items[i] = item;
      this.keys[i] = key;
    }
    return top;
  }

  private grow(): void {
    const items = new Int32Array(this.items.length * 2);
    const keys = new Float64Array(this.keys.length * 2);
    items.set(this.items);
    keys.set(this.keys);
    this.items = items;
    this.keys = keys;
  }
}
