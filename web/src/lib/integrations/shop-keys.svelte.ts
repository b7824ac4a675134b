import type { ApiKeyCreated, ApiKeyView, Shop } from '@dispatch/shared';
import { failureWording, type Wording } from '../stops-admin/wording';
import type { ShopKeysApi } from './integrations-api';

/** Longest shop or key name the server takes. */
export const NAME_MAX = 120;

/** A name as typed, trimmed, or what is wrong with it in words. */
export function checkedName(typed: string): { name: string } | { error: Wording } {
  const name = typed.trim();
  if (name.length === 0) return { error: (t) => t('integrations.nameMissing') };
  if (name.length > NAME_MAX)
    return { error: (t) => t('integrations.nameTooLong', { max: NAME_MAX }) };
  return { name };
}

/**
 * The integrations page's shops and their API keys: one shop's keys at a time, a key made just now
 * (shown once, until dismissed), and revoking.
 */
export class ShopKeysBoard {
  shops = $state.raw<Shop[]>([]);
  shopId = $state<number | null>(null);
  keys = $state.raw<ApiKeyView[]>([]);
  /** The key made just now: the only time it is shown. */
  fresh = $state.raw<ApiKeyCreated | null>(null);
  loaded = $state(false);
  busy = $state(false);
  /** What the last action did or why it failed, in words. */
  message = $state.raw<Wording | null>(null);
  failed = $state(false);

  constructor(private readonly api: ShopKeysApi) {}

  /** The chosen shop, when there is one. */
  get shop(): Shop | null {
    return this.shops.find((s) => s.id === this.shopId) ?? null;
  }

  async load(): Promise<void> {
    await this.run(async () => {
      this.shops = await this.api.listShops();
      this.loaded = true;
      const first = this.shops[0];
      if (first && this.shopId === null) await this.showKeys(first.id);
    });
  }

  /** Shows the keys of another shop (a key shown once stays hidden from then on). */
  async choose(shopId: number): Promise<void> {
    this.fresh = null;
    await this.run(() => this.showKeys(shopId));
  }

  async createShop(hubId: number | null, typedName: string): Promise<boolean> {
    const checked = checkedName(typedName);
    if ('error' in checked) return this.refuse(checked.error);
    if (hubId === null) return this.refuse((t) => t('integrations.hubMissing'));
    return this.run(async () => {
      const shop = await this.api.createShop({ hubId, name: checked.name });
      this.shops = [...this.shops, shop];
      this.fresh = null;
      await this.showKeys(shop.id);
      this.message = (t) => t('integrations.shopCreated', { shop: shop.name });
    });
  }

  async createKey(typedName: string): Promise<boolean> {
    const shopId = this.shopId;
    if (shopId === null) return this.refuse((t) => t('integrations.shopMissing'));
    const checked = checkedName(typedName);
    if ('error' in checked) return this.refuse(checked.error);
    return this.run(async () => {
      const created = await this.api.createKey(shopId, { name: checked.name });
      if (this.shopId !== shopId) return;
      this.keys = [...this.keys, created.apiKey];
      this.fresh = created;
      this.message = null;
    });
  }

  async revoke(keyId: number): Promise<boolean> {
    return this.run(async () => {
      const revoked = await this.api.revokeKey(keyId);
      this.keys = this.keys.map((k) => (k.id === keyId ? revoked : k));
      if (this.fresh?.apiKey.id === keyId) this.fresh = null;
      this.message = (t) => t('integrations.keyRevoked', { prefix: revoked.prefix });
    });
  }

  /** Hides the key made just now: it cannot be shown again. */
  dismissFresh(): void {
    this.fresh = null;
  }

  private async showKeys(shopId: number): Promise<void> {
    this.shopId = shopId;
    const keys = await this.api.listKeys(shopId);
    if (this.shopId === shopId) this.keys = keys;
  }

  private async run(action: () => Promise<void>): Promise<boolean> {
    this.busy = true;
    this.message = null;
    this.failed = false;
    try {
      await action();
      return true;
    } catch (err) {
      this.refuse(failureWording(err));
      return false;
    } finally {
      this.busy = false;
    }
  }

  private refuse(message: Wording): false {
    this.message = message;
    this.failed = true;
    return false;
  }
}
