import { describe, expect, it } from 'vitest';
import type { ApiKeyCreated, ApiKeyView, Shop } from '@dispatch/shared';
import { ApiError } from '../api';
import { en } from '../i18n/messages/en';
import { ptBR } from '../i18n/messages/pt-br';
import { translator } from '../i18n/translate';
import type { ShopKeysApi } from './integrations-api';
import { ShopKeysBoard, checkedName } from './shop-keys.svelte';

const t = translator('en', en, en);
const tp = translator('pt-BR', ptBR, en);

const shop = (id: number, name = `Shop ${id}`): Shop => ({ id, hubId: 1, name, createdAt: 1 });
const key = (id: number, shopId: number, over: Partial<ApiKeyView> = {}): ApiKeyView => ({
  id,
  shopId,
  hubId: 1,
  name: `Key ${id}`,
  prefix: `dk_live_k${id}`.padEnd(12, 'x'),
  createdAt: 1,
  lastUsedAt: null,
  revokedAt: null,
  ...over,
});

/** A server in memory, recording what the board sent. */
function fakeApi(shops: Shop[] = [], keys: ApiKeyView[] = []) {
  const calls: string[] = [];
  let nextId = 100;
  const api: ShopKeysApi = {
    listShops: async () => (calls.push('listShops'), [...shops]),
    createShop: async (body) => {
      calls.push(`createShop ${body.hubId} ${body.name}`);
      const made = shop(nextId++, body.name);
      shops.push(made);
      return made;
    },
    listKeys: async (shopId) => (
      calls.push(`listKeys ${shopId}`),
      keys.filter((k) => k.shopId === shopId)
    ),
    createKey: async (shopId, body): Promise<ApiKeyCreated> => {
      calls.push(`createKey ${shopId} ${body.name}`);
      const made = key(nextId++, shopId, { name: body.name });
      keys.push(made);
      return { key: `dk_live_${'s'.repeat(43)}`, apiKey: made };
    },
    revokeKey: async (id) => {
      calls.push(`revokeKey ${id}`);
      const found = keys.find((k) => k.id === id);
      if (!found) throw new ApiError('not_found', `API key ${id} does not exist`, 404);
      found.revokedAt = 5;
      return { ...found };
    },
  };
  return { api, calls };
}

describe('checkedName', () => {
  it('trims a name and refuses an empty or too long one, in the page’s language', () => {
    expect(checkedName('  Loja Centro ')).toEqual({ name: 'Loja Centro' });
    const empty = checkedName('   ');
    if (!('error' in empty)) throw new Error('an empty name was taken');
    expect(empty.error(t)).toBe('Type a name.');
    expect(empty.error(tp)).toBe('Digite um nome.');
    const long = checkedName('x'.repeat(121));
    if (!('error' in long)) throw new Error('a long name was taken');
    expect(long.error(t)).toBe('A name has at most 120 characters.');
  });
});

describe('ShopKeysBoard', () => {
  it('loads the shops and shows the first one’s keys', async () => {
    const { api, calls } = fakeApi([shop(1), shop(2)], [key(10, 1), key(11, 2)]);
    const board = new ShopKeysBoard(api);
    await board.load();
    expect(board.loaded).toBe(true);
    expect(board.shop?.id).toBe(1);
    expect(board.keys.map((k) => k.id)).toEqual([10]);
    await board.choose(2);
    expect(board.keys.map((k) => k.id)).toEqual([11]);
    expect(calls).toEqual(['listShops', 'listKeys 1', 'listKeys 2']);
  });

  it('creates a shop for a hub and shows it, refusing a missing name without asking', async () => {
    const { api, calls } = fakeApi();
    const board = new ShopKeysBoard(api);
    await board.load();
    expect(await board.createShop(3, ' ')).toBe(false);
    expect(board.failed).toBe(true);
    expect(board.message?.(t)).toBe('Type a name.');
    expect(await board.createShop(3, ' Loja Sul ')).toBe(true);
    expect(board.shop?.name).toBe('Loja Sul');
    expect(board.failed).toBe(false);
    expect(board.message?.(t)).toBe('Shop Loja Sul created.');
    expect(calls).toEqual(['listShops', 'createShop 3 Loja Sul', 'listKeys 100']);
  });

  it('shows a new key once: until dismissed, or until another shop is chosen', async () => {
    const { api } = fakeApi([shop(1), shop(2)]);
    const board = new ShopKeysBoard(api);
    await board.load();
    expect(await board.createKey('Checkout')).toBe(true);
    expect(board.fresh?.key).toMatch(/^dk_live_/);
    expect(board.keys.map((k) => k.name)).toEqual(['Checkout']);
    board.dismissFresh();
    expect(board.fresh).toBeNull();
    await board.createKey('Warehouse');
    await board.choose(2);
    expect(board.fresh).toBeNull();
  });

  it('revokes a key, marking it in the list and hiding it if it was just shown', async () => {
    const { api } = fakeApi([shop(1)]);
    const board = new ShopKeysBoard(api);
    await board.load();
    await board.createKey('Checkout');
    const id = board.fresh!.apiKey.id;
    expect(await board.revoke(id)).toBe(true);
    expect(board.keys.find((k) => k.id === id)?.revokedAt).toBe(5);
    expect(board.fresh).toBeNull();
    expect(board.message?.(t)).toContain('revoked');
  });

  it('says why the server refused, as it wrote it', async () => {
    const { api } = fakeApi([shop(1)]);
    const board = new ShopKeysBoard(api);
    await board.load();
    expect(await board.revoke(999)).toBe(false);
    expect(board.failed).toBe(true);
    expect(board.message?.(t)).toBe('API key 999 does not exist');
  });
});
