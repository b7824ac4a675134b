import { eq } from 'drizzle-orm';
import { DomainError } from '@dispatch/shared';
import type { Orm } from '../db/client';
import { apiKeys } from '../db/schema';
import { apiKeyFromAuthorization, apiKeyHash } from './api-keys';

/** `last_used_at` is written at most this often per key, not on every request. */
const LAST_USED_EVERY_MS = 60_000;

/** Who an orders API request comes from: a key, its shop and the hub its orders go to. */
export interface ApiKeyCaller {
  keyId: number;
  shopId: number;
  hubId: number;
}

/**
 * The shop behind an `Authorization: Bearer <key>` header. A missing, unknown or revoked key
 * gets one and the same `unauthorized` answer; a revoked key is refused from the next request on.
 */
export class ApiKeyAuth {
  constructor(
    private readonly orm: Orm,
    private readonly now: () => number = Date.now,
  ) {}

  async callerFor(authorization: string | undefined): Promise<ApiKeyCaller> {
    const key = apiKeyFromAuthorization(authorization);
    const [row] = key
      ? await this.orm
          .select({
            id: apiKeys.id,
            shopId: apiKeys.shopId,
            hubId: apiKeys.hubId,
            lastUsedAt: apiKeys.lastUsedAt,
            revokedAt: apiKeys.revokedAt,
          })
          .from(apiKeys)
          .where(eq(apiKeys.keyHash, apiKeyHash(key)))
      : [];
    if (!row || row.revokedAt)
      throw new DomainError(
        'unauthorized',
        "a valid API key is required (Authorization: Bearer <the shop's API key>)",
      );
    const now = this.now();
    if (!row.lastUsedAt || now - row.lastUsedAt.getTime() >= LAST_USED_EVERY_MS)
      await this.orm
        .update(apiKeys)
        .set({ lastUsedAt: new Date(now) })
        .where(eq(apiKeys.id, row.id));
    return { keyId: row.id, shopId: row.shopId, hubId: row.hubId };
  }
}
