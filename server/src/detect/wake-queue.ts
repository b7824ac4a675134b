import { MinHeap } from '../lib/min-heap';

/**
 * When each subject (by a small integer slot) next needs a look, so a tick only touches what is
 * due. At most one live heap entry per slot: a later wish does not push (the earlier entry
 * re-arms itself when it pops), so a deadline that keeps moving later, like a courier's offline
 * deadline with every ping, costs one heap operation per deadline reached, not per update.
 */
export class WakeQueue {
  private readonly heap = new MinHeap();
  /** Key of each slot's live heap entry (NaN: none); other entries for the slot are stale. */
  private armed = new Float64Array(0);
  /** When each slot wants to be woken (NaN: never). */
  private wanted = new Float64Array(0);

  /** Number of heap entries, stale ones included. */
  get heapSize(): number {
    return this.heap.size;
  }

  /** Asks for `slot` to be due at `atMs`, replacing any earlier wish; Infinity: never. */
  schedule(slot: number, atMs: number): void {
    if (slot >= this.wanted.length) this.grow(slot);
    if (!(atMs < Infinity)) {
      this.wanted[slot] = NaN;
      return;
    }
    this.wanted[slot] = atMs;
    const armedAt = this.armed[slot]!;
    if (Number.isNaN(armedAt) || atMs < armedAt) {
      this.heap.push(slot, atMs);
      this.armed[slot] = atMs;
    }
  }

  /** Forgets `slot` (to be reused); its heap entries become stale. */
  remove(slot: number): void {
    if (slot >= this.wanted.length) return;
    this.wanted[slot] = NaN;
    this.armed[slot] = NaN;
  }

  /** When `slot` wants to be woken; Infinity when never. */
  wantedAt(slot: number): number {
    const want = this.wanted[slot];
    return want === undefined || Number.isNaN(want) ? Infinity : want;
  }

  /** Appends to `out` every slot due at or before `nowMs` (each once) and forgets their wishes. */
  popDue(nowMs: number, out: number[]): void {
    while (this.heap.peekKey() <= nowMs) {
      const key = this.heap.peekKey();
      const slot = this.heap.pop();
      if (this.armed[slot] !== key) continue;
      this.armed[slot] = NaN;
      const want = this.wanted[slot]!;
      if (Number.isNaN(want)) continue;
      if (want <= nowMs) {
        this.wanted[slot] = NaN;
        out.push(slot);
      } else {
        this.heap.push(slot, want);
        this.armed[slot] = want;
      }
    }
  }

  private grow(slot: number): void {
    const size = Math.max(1024, this.wanted.length * 2, slot + 1);
    const armed = new Float64Array(size).fill(NaN);
    const wanted = new Float64Array(size).fill(NaN);
    armed.set(this.armed);
    wanted.set(this.wanted);
    this.armed = armed;
    this.wanted = wanted;
  }
}
