import Type, { type Static } from 'typebox';
import { SLA_TIERS, STOP_STATUSES } from '../domain';
import { Nullable } from './common';
import { CUSTOMER_LANGUAGES, Instant, InstantIn } from './customers';

/**
 * Shops' wire shapes: the orders API their systems call with an API key, and the admins' shops
 * and API keys.
 */

// ---------------------------------------------------------------------------------------------
// Orders API (machine clients, `Authorization: Bearer <api key>`)

/** `POST /api/v1/orders`: one order, its delivery and (optionally) a pickup at the shop first. */
export const OrderInputSchema = Type.Object(
  {
    /** The shop's own reference, unique per hub. */
    reference: Type.String({ minLength: 1, maxLength: 100 }),
    customer: Type.Object(
      {
        name: Type.String({ minLength: 1, maxLength: 120 }),
        phone: Type.Optional(Type.String({ minLength: 3, maxLength: 32 })),
        email: Type.Optional(
          Type.String({ pattern: '^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$', maxLength: 254 }),
        ),
        language: Type.Optional(Type.Enum(CUSTOMER_LANGUAGES)),
      },
      { additionalProperties: false },
    ),
    address: Type.String({ minLength: 1, maxLength: 500 }),
    lat: Type.Number({ minimum: -90, maximum: 90 }),
    lng: Type.Number({ minimum: -180, maximum: 180 }),
    windowStart: InstantIn,
    windowEnd: InstantIn,
    parcels: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000 })),
    serviceTier: Type.Optional(Type.Enum(SLA_TIERS)),
    requiresCode: Type.Optional(Type.Boolean()),
    notes: Type.Optional(Type.String({ minLength: 1, maxLength: 1000 })),
    /** Collect the parcel at the shop first (a pickup before the delivery, on one route). */
    pickup: Type.Optional(
      Type.Object(
        {
          address: Type.String({ minLength: 1, maxLength: 500 }),
          lat: Type.Number({ minimum: -90, maximum: 90 }),
          lng: Type.Number({ minimum: -180, maximum: 180 }),
          windowStart: InstantIn,
          windowEnd: InstantIn,
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);
export type OrderInput = Static<typeof OrderInputSchema>;

export const OrderCreatedSchema = Type.Object({
  reference: Type.String(),
  hubId: Type.Integer(),
  /** The delivery stop's id. */
  stopId: Type.Integer(),
  pickupStopId: Nullable(Type.Integer()),
  status: Type.Enum(STOP_STATUSES),
  /** `${PUBLIC_URL}/t/<token>`: the customer's tracking page. */
  trackingUrl: Type.String(),
  /** The code the customer reads out to the courier, when the order requires one. */
  deliveryCode: Nullable(Type.String()),
});
export type OrderCreated = Static<typeof OrderCreatedSchema>;

/** `POST /api/v1/orders` headers: the client's `Idempotency-Key`, 1 to 200 printable characters. */
export const OrderHeadersSchema = Type.Object({
  'idempotency-key': Type.String({ minLength: 1, maxLength: 200, pattern: '^[\\x20-\\x7E]+$' }),
});
export type OrderHeaders = Static<typeof OrderHeadersSchema>;

// ---------------------------------------------------------------------------------------------
// Shops and API keys (admins)

export const ShopSchema = Type.Object({
  id: Type.Integer(),
  hubId: Type.Integer(),
  name: Type.String(),
  createdAt: Instant,
});
export type Shop = Static<typeof ShopSchema>;

export const ShopCreateSchema = Type.Object(
  { hubId: Type.Integer({ minimum: 1 }), name: Type.String({ minLength: 1, maxLength: 120 }) },
  { additionalProperties: false },
);
export type ShopCreate = Static<typeof ShopCreateSchema>;

export const ShopListSchema = Type.Object({ shops: Type.Array(ShopSchema) });
export type ShopList = Static<typeof ShopListSchema>;

export const ApiKeyViewSchema = Type.Object({
  id: Type.Integer(),
  shopId: Type.Integer(),
  hubId: Type.Integer(),
  name: Type.String(),
  /** The key's first characters, to tell keys apart. */
  prefix: Type.String(),
  createdAt: Instant,
  lastUsedAt: Nullable(Instant),
  revokedAt: Nullable(Instant),
});
export type ApiKeyView = Static<typeof ApiKeyViewSchema>;

export const ApiKeyCreateSchema = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 120 }) },
  { additionalProperties: false },
);
export type ApiKeyCreate = Static<typeof ApiKeyCreateSchema>;

/** The key itself is in this answer only. */
export const ApiKeyCreatedSchema = Type.Object({ key: Type.String(), apiKey: ApiKeyViewSchema });
export type ApiKeyCreated = Static<typeof ApiKeyCreatedSchema>;

export const ApiKeyListSchema = Type.Object({ apiKeys: Type.Array(ApiKeyViewSchema) });
export type ApiKeyList = Static<typeof ApiKeyListSchema>;
