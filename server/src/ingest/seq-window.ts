/**
 * Which sequence numbers of one device have been accepted, over a sliding window below the
 * highest one seen. A ring of bits: constant memory per device, O(1) per check.
 * Sequence numbers older than the window cannot be answered here (`'unknown'`): the caller
 * asks the database for those.
 */
export class SeqWindow {
  private readonly bits: Uint32Array;
  private max = -1;

  constructor(readonly size = 8192) {
    if (size % 32 !== 0) throw new Error('window size must be a multiple of 32');
    this.bits = new Uint32Array(size / 32);
  }

  get maxSeq(): number {
    return this.max;
  }

  has(seq: number): boolean | 'unknown' {
    if (seq > this.max) return false;
    if (seq <= this.max - this.size) return 'unknown';
    const slot = seq % this.size;
    return (this.bits[slot >>> 5]! & (1 << (slot & 31))) !== 0;
  }

  /** Marks `seq` as accepted; returns false when it is older than the window. */
  add(seq: number): boolean {
    if (seq > this.max) {
      this.advanceTo(seq);
    } else if (seq <= this.max - this.size) {
      return false;
    }
    const slot = seq % this.size;
    this.bits[slot >>> 5]! |= 1 << (slot & 31);
    return true;
  }

  /** Forgets `seq` (its write failed), so a resend is accepted again. */
  remove(seq: number): void {
    if (seq > this.max || seq <= this.max - this.size) return;
    const slot = seq % this.size;
    this.bits[slot >>> 5]! &= ~(1 << (slot & 31));
  }

  private advanceTo(seq: number): void {
    if (this.max < 0 || seq - this.max >= this.size) {
      this.bits.fill(0);
    } else {
      for (let s = this.max + 1; s <= seq; s++) {
        const slot = s % this.size;
        this.bits[slot >>> 5]! &= ~(1 << (slot & 31));
      }
    }
    this.max = seq;
  }
}
