import { asc, eq } from 'drizzle-orm';
import {
  DomainError,
  type ApiKeyCreated,
  type ApiKeyView,
  type Shop,
  type ShopCreate,
} from '@dispatch/shared';
import { EVERY_HUB, type HubScope } from '../auth/hub-scope';
import type { Orm } from '../db/client';
import { apiKeys, hubs, shops } from '../db/schema';
import { appendEvents, type Actor } from '../events/event-log';
import { issueApiKey } from './api-keys';

type ShopRow = typeof shops.$inferSelect;
type ApiKeyRow = typeof apiKeys.$inferSelect;

const shopView = (r: ShopRow): Shop => ({
  id: r.id,
  hubId: r.hubId,
  name: r.name,
  createdAt: r.createdAt.getTime(),
});

const keyView = (r: ApiKeyRow): ApiKeyView => ({
  id: r.id,
  shopId: r.shopId,
  hubId: r.hubId,
  name: r.name,
  prefix: r.prefix,
  createdAt: r.createdAt.getTime(),
  lastUsedAt: r.lastUsedAt?.getTime() ?? null,
  revokedAt: r.revokedAt?.getTime() ?? null,
});

/**
 * Shops that send orders and their API keys: each creation and revocation is one transaction
 * with its event (on the shop's hub). A key is shown once, when made; only its SHA-256 is kept.
 */
export class ShopService {
  constructor(private readonly orm: Orm) {}

  /** A new shop of a hub in `scope` (another hub's is `not_found`). */
  async createShop(input: ShopCreate, actor: Actor, scope: HubScope = EVERY_HUB): Promise<Shop> {
    scope.assert(input.hubId, { type: 'hub', id: input.hubId });
    return this.orm.transaction(async (tx) => {
      const [hub] = await tx.select({ id: hubs.id }).from(hubs).where(eq(hubs.id, input.hubId));
      if (!hub)
        throw new DomainError('invalid', `hub ${input.hubId} does not exist`, [
          { path: '/hubId', message: 'no such hub' },
        ]);
      const [row] = await tx
        .insert(shops)
        .values({ hubId: input.hubId, name: input.name.trim() })
        .returning();
      await appendEvents(tx, actor, [
        {
          kind: 'shop.created',
          subjectType: 'hub',
          subjectId: row!.hubId,
          data: { shopId: row!.id, name: row!.name },
        },
      ]);
      return shopView(row!);
    });
  }

  /** The shops in `scope`, oldest first. */
  async listShops(scope: HubScope = EVERY_HUB): Promise<Shop[]> {
    const rows = await this.orm
      .select()
      .from(shops)
      .where(scope.condition(shops.hubId))
      .orderBy(asc(shops.id));
    return rows.map(shopView);
  }

  /**
   * A new key for a shop in `scope`, for the shop's hub; the answer is the only place it
   * appears.
   */
  async createKey(
    shopId: number,
    name: string,
    actor: Actor,
    scope: HubScope = EVERY_HUB,
  ): Promise<ApiKeyCreated> {
    const issued = issueApiKey();
    return this.orm.transaction(async (tx) => {
      const shop = await this.shop(tx, shopId, scope);
      const [row] = await tx
        .insert(apiKeys)
        .values({
          shopId,
          hubId: shop.hubId,
          name: name.trim(),
          prefix: issued.prefix,
          keyHash: issued.hash,
          createdBy: actor.type === 'user' ? actor.id : null,
        })
        .returning();
      await appendEvents(tx, actor, [
        {
          kind: 'api_key.created',
          subjectType: 'hub',
          subjectId: shop.hubId,
          data: { shopId, apiKeyId: row!.id, name: row!.name, prefix: row!.prefix },
        },
      ]);
      return { key: issued.key, apiKey: keyView(row!) };
    });
  }

  /** A shop's keys (a shop in `scope`), revoked ones included, oldest first. */
  async listKeys(shopId: number, scope: HubScope = EVERY_HUB): Promise<ApiKeyView[]> {
    await this.shop(this.orm, shopId, scope);
    const rows = await this.orm
      .select()
      .from(apiKeys)
      .where(eq(apiKeys.shopId, shopId))
      .orderBy(asc(apiKeys.id));
    return rows.map(keyView);
  }

  /**
   * Revokes a key of a hub in `scope` at once (the next request with it is refused); revoking it
   * again changes nothing.
   */
  async revokeKey(id: number, actor: Actor, scope: HubScope = EVERY_HUB): Promise<ApiKeyView> {
    return this.orm.transaction(async (tx) => {
      const [row] = await tx.select().from(apiKeys).where(eq(apiKeys.id, id)).for('update');
      if (!row) throw new DomainError('not_found', `API key ${id} does not exist`);
      scope.assert(row.hubId, { type: 'api_key', id });
      if (row.revokedAt) return keyView(row);
      const [revoked] = await tx
        .update(apiKeys)
        .set({ revokedAt: new Date() })
        .where(eq(apiKeys.id, id))
        .returning();
      if (!revoked) throw new DomainError('not_found', `API key ${id} does not exist`);
      await appendEvents(tx, actor, [
        {
          kind: 'api_key.revoked',
          subjectType: 'hub',
          subjectId: revoked.hubId,
          data: { shopId: revoked.shopId, apiKeyId: id, prefix: revoked.prefix },
        },
      ]);
      return keyView(revoked);
    });
  }

  private async shop(orm: Pick<Orm, 'select'>, shopId: number, scope: HubScope): Promise<ShopRow> {
    const [row] = await orm.select().from(shops).where(eq(shops.id, shopId));
    if (!row) throw new DomainError('not_found', `shop ${shopId} does not exist`);
    scope.assert(row.hubId, { type: 'shop', id: shopId });
    return row;
  }
}
