/**
 * Group commit for small writes: the first item is written at once, and items added while a
 * write is under way wait for it to end and then go together in the next one. Under load the
 * writes grow to the load's size (one statement for a burst's attempts, not one each); when it
 * is quiet nothing waits. Each `add` settles when its own write has: resolved once written,
 * rejected with the write's error (nothing of that batch is known to be written).
 */
export class WriteBatcher<T> {
  private waiting: { item: T; resolve: () => void; reject: (err: unknown) => void }[] = [];
  private writing: Promise<void> | null = null;

  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    /** Most items in one write. */
    private readonly maxBatch = 500,
  ) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      // A microtask later, so items added in the same turn share the first write too.
      this.writing ??= Promise.resolve()
        .then(() => this.drain())
        .finally(() => {
          this.writing = null;
        });
    });
  }

  private async drain(): Promise<void> {
    while (this.waiting.length > 0) {
      const batch = this.waiting.splice(0, this.maxBatch);
      try {
        await this.write(batch.map((w) => w.item));
        for (const w of batch) w.resolve();
      } catch (err) {
        for (const w of batch) w.reject(err);
      }
    }
  }
}
