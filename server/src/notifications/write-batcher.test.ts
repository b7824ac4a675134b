import { describe, expect, it } from 'vitest';
import { WriteBatcher } from './write-batcher';

/** A write the test ends by hand, recording each batch it was given. */
function heldWrites() {
  const batches: number[][] = [];
  const pending: { resolve: () => void; reject: (err: Error) => void }[] = [];
  const write = (items: number[]) => {
    batches.push(items);
    return new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
  };
  const settled = () => new Promise((r) => setImmediate(r));
  return { batches, pending, write, settled };
}

describe('the write batcher', () => {
  it('writes the first item at once, without waiting for others', async () => {
    const held = heldWrites();
    const batcher = new WriteBatcher(held.write);
    const first = batcher.add(1);
    await held.settled();
    expect(held.batches).toEqual([[1]]);
    held.pending[0]!.resolve();
    await expect(first).resolves.toBeUndefined();
  });

  it('groups the items added while a write is under way into the next write', async () => {
    const held = heldWrites();
    const batcher = new WriteBatcher(held.write);
    const done = [batcher.add(1)];
    await held.settled();
    done.push(batcher.add(2), batcher.add(3), batcher.add(4));
    await held.settled();
    expect(held.batches).toEqual([[1]]);
    held.pending[0]!.resolve();
    await held.settled();
    expect(held.batches).toEqual([[1], [2, 3, 4]]);
    held.pending[1]!.resolve();
    await Promise.all(done);
  });

  it('writes items added in the same turn together', async () => {
    const held = heldWrites();
    const batcher = new WriteBatcher(held.write);
    const done = [batcher.add(1), batcher.add(2)];
    await held.settled();
    expect(held.batches).toEqual([[1, 2]]);
    held.pending[0]!.resolve();
    await Promise.all(done);
  });

  it('splits a backlog into writes of at most the batch size', async () => {
    const held = heldWrites();
    const batcher = new WriteBatcher(held.write, 2);
    const done = [1, 2, 3, 4, 5].map((n) => batcher.add(n));
    await held.settled();
    held.pending[0]!.resolve();
    await held.settled();
    held.pending[1]!.resolve();
    await held.settled();
    held.pending[2]!.resolve();
    await Promise.all(done);
    expect(held.batches).toEqual([[1, 2], [3, 4], [5]]);
  });

  it('rejects the items of a failed write, and writes later items afterwards', async () => {
    const held = heldWrites();
    const batcher = new WriteBatcher(held.write);
    const lost = batcher.add(1);
    await held.settled();
    const later = batcher.add(2);
    held.pending[0]!.reject(new Error('the database went away'));
    await expect(lost).rejects.toThrow('the database went away');
    await held.settled();
    held.pending[1]!.resolve();
    await expect(later).resolves.toBeUndefined();
    expect(held.batches).toEqual([[1], [2]]);
  });
});
