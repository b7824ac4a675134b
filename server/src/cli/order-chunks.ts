/**
 * Packs orders (the rows of one order reference: a stop, or a pickup and its delivery) into
 * chunks of at most `rowsPerChunk` rows, in order, never splitting an order: each chunk is one
 * import, and an order cut in two would leave a pickup imported without its delivery if the
 * second import failed.
 */
export function chunkOrders<Row>(
  orders: readonly (readonly Row[])[],
  rowsPerChunk: number,
): Row[][] {
  if (!(Number.isInteger(rowsPerChunk) && rowsPerChunk >= 1))
    throw new RangeError(`rowsPerChunk must be a positive whole number, not ${rowsPerChunk}`);
  const chunks: Row[][] = [];
  let chunk: Row[] = [];
  for (const order of orders) {
    if (order.length > rowsPerChunk)
      throw new RangeError(
        `an order of ${order.length} rows does not fit a chunk of ${rowsPerChunk}`,
      );
    if (chunk.length + order.length > rowsPerChunk) {
      chunks.push(chunk);
      chunk = [];
    }
    chunk.push(...order);
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}
