/** Small reusable integer slots for things keyed by arbitrary ids (dense arrays, heap items). */
export class SlotAllocator {
  private next = 0;
  private readonly free: number[] = [];

  take(): number {
    return this.free.pop() ?? this.next++;
  }

  release(slot: number): void {
    this.free.push(slot);
  }
}
