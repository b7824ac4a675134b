import type {
  ApiKeyCreate,
  ApiKeyCreated,
  ApiKeyList,
  ApiKeyView,
  Shop,
  ShopCreate,
  ShopList,
} from '@dispatch/shared';
import { request } from '../api';

/** The shops and API key routes the integrations page uses (admins). */
export interface ShopKeysApi {
  listShops(): Promise<Shop[]>;
  createShop(body: ShopCreate): Promise<Shop>;
  listKeys(shopId: number): Promise<ApiKeyView[]>;
  createKey(shopId: number, body: ApiKeyCreate): Promise<ApiKeyCreated>;
  revokeKey(keyId: number): Promise<ApiKeyView>;
}

export const shopKeysApi: ShopKeysApi = {
  listShops: async () => (await request<ShopList>('GET', '/api/v1/shops')).shops,
  createShop: (body) => request<Shop>('POST', '/api/v1/shops', body),
  listKeys: async (shopId) =>
    (await request<ApiKeyList>('GET', `/api/v1/shops/${shopId}/api-keys`)).apiKeys,
  createKey: (shopId, body) =>
    request<ApiKeyCreated>('POST', `/api/v1/shops/${shopId}/api-keys`, body),
  revokeKey: (keyId) => request<ApiKeyView>('DELETE', `/api/v1/api-keys/${keyId}`),
};
