import { and, eq, lt } from 'drizzle-orm';
import type { Orm } from '../db/client';
import { idempotencyKeys } from '../db/schema';

type Tx = Parameters<Parameters<Orm['transaction']>[0]>[0];

/** How long an order request's answer is kept for retries with the same key. */
export const IDEMPOTENCY_TTL_MS = 7 * 24 * 3_600_000;

/** What the first request with a key answered, and the body it was bound to. */
export interface StoredAnswer {
  requestHash: string;
  statusCode: number;
  response: unknown;
}

/**
 * Orders API requests by (shop, `Idempotency-Key`). A key is claimed in the transaction that
 * applies the request: a second request with the same key waits on the unique index until the
 * first commits, then finds its answer (or, if the first rolled back, claims the key itself).
 */
export class IdempotencyKeys {
  constructor(private readonly orm: Orm) {}

  /** True when this transaction now holds the key; false when a committed request has it. */
  async claim(tx: Tx, shopId: number, key: string, requestHash: string): Promise<boolean> {
    const claimed = await tx
      .insert(idempotencyKeys)
      // The answer is filled in by `answer` before the claim commits.
      .values({ shopId, key, requestHash, statusCode: 0, response: {} })
      .onConflictDoNothing()
      .returning({ id: idempotencyKeys.id });
    return claimed.length > 0;
  }

  async stored(tx: Tx, shopId: number, key: string): Promise<StoredAnswer> {
    const [row] = await tx
      .select({
        requestHash: idempotencyKeys.requestHash,
        statusCode: idempotencyKeys.statusCode,
        response: idempotencyKeys.response,
      })
      .from(idempotencyKeys)
      .where(this.keyIs(shopId, key));
    if (!row) throw new Error(`idempotency key ${key} vanished while being replayed`);
    return row;
  }

  /** Stores the answer of the request holding the key, in its transaction. */
  async answer(
    tx: Tx,
    shopId: number,
    key: string,
    statusCode: number,
    response: unknown,
  ): Promise<void> {
    await tx.update(idempotencyKeys).set({ statusCode, response }).where(this.keyIs(shopId, key));
  }

  /** Forgets answers older than {@link IDEMPOTENCY_TTL_MS}: a retry after that is a new request. */
  async pruneExpired(now = Date.now()): Promise<number> {
    const gone = await this.orm
      .delete(idempotencyKeys)
      .where(lt(idempotencyKeys.createdAt, new Date(now - IDEMPOTENCY_TTL_MS)))
      .returning({ id: idempotencyKeys.id });
    return gone.length;
  }

  private keyIs(shopId: number, key: string) {
    return and(eq(idempotencyKeys.shopId, shopId), eq(idempotencyKeys.key, key));
  }
}
