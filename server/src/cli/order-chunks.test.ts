import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chunkOrders } from './order-chunks';

/** Orders of one or two rows (a stop, or a pickup and its delivery), each row naming its order. */
const ordersArb = fc
  .array(fc.integer({ min: 1, max: 2 }), { maxLength: 60 })
  .map((sizes) => sizes.map((size, i) => Array.from({ length: size }, (_, k) => `${i}.${k}`)));

describe('chunkOrders', () => {
  it('keeps every row, in order, in chunks no larger than asked, never splitting an order', () => {
    fc.assert(
      fc.property(ordersArb, fc.integer({ min: 2, max: 12 }), (orders, rowsPerChunk) => {
        const chunks = chunkOrders(orders, rowsPerChunk);
        expect(chunks.flat()).toEqual(orders.flat());
        for (const chunk of chunks) {
          expect(chunk.length).toBeGreaterThan(0);
          expect(chunk.length).toBeLessThanOrEqual(rowsPerChunk);
        }
        const chunkOf = new Map<string, Set<number>>();
        chunks.forEach((chunk, c) => {
          for (const row of chunk) {
            const order = row.split('.')[0]!;
            chunkOf.set(order, (chunkOf.get(order) ?? new Set()).add(c));
          }
        });
        for (const seen of chunkOf.values()) expect(seen.size).toBe(1);
      }),
    );
  });

  it('starts a new chunk only when the next order would not fit', () => {
    expect(chunkOrders([['a'], ['b1', 'b2'], ['c'], ['d1', 'd2']], 3)).toEqual([
      ['a', 'b1', 'b2'],
      ['c', 'd1', 'd2'],
    ]);
  });

  it('gives no chunk for no orders', () => {
    expect(chunkOrders([], 10)).toEqual([]);
  });

  it('refuses an order larger than a chunk, and a chunk size that is not a positive whole number', () => {
    expect(() => chunkOrders([['a1', 'a2']], 1)).toThrow(RangeError);
    expect(() => chunkOrders([['a']], 0)).toThrow(RangeError);
    expect(() => chunkOrders([['a']], 2.5)).toThrow(RangeError);
  });
});
