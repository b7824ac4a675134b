/**
 * Inputs that add, remove or re-route couriers while a detection pass is open, applied in order
 * when it finishes: the pass judges the fleet as it stood when it began, as a whole tick does.
 */
export class HeldInputs {
  private readonly queue: (() => void)[] = [];
  private readonly couriers = new Set<number>();

  /** Whether an input of this courier is held: its later inputs wait behind it. */
  has(courierId: number): boolean {
    return this.couriers.has(courierId);
  }

  hold(courierId: number, apply: () => void): void {
    this.queue.push(apply);
    this.couriers.add(courierId);
  }

  /** Applies the held inputs in the order they came, and forgets them. */
  applyAll(): void {
    const queue = this.queue.splice(0);
    this.couriers.clear();
    for (const apply of queue) apply();
  }
}
