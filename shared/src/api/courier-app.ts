import Type, { type Static } from 'typebox';
import { COURIER_STATUSES, FAILURE_REASONS, SLA_TIERS, STOP_STATUSES, VEHICLES } from '../domain';
import { Nullable } from './common';

/**
 * The courier app's wire shapes: pairing a phone, the device's own profile, proof-of-delivery
 * uploads and what the console sees of them, and the hubs' re-attempt policies.
 */

/** `POST /api/v1/couriers/:id/pairing`: a one-time code and the link a phone opens. */
export const PairingCodeReplySchema = Type.Object({
  code: Type.String(),
  /** `${PUBLIC_URL}/driver/pair#<code>`: what the QR code holds. */
  url: Type.String(),
  /** Epoch ms after which the code no longer works. */
  expiresAt: Type.Number(),
});
export type PairingCodeReply = Static<typeof PairingCodeReplySchema>;

/** `POST /api/v1/device/pair`: a phone exchanging its one-time code. */
export const PairRequestSchema = Type.Object(
  { code: Type.String({ minLength: 6, maxLength: 64 }) },
  { additionalProperties: false },
);
export type PairRequest = Static<typeof PairRequestSchema>;

export const PairReplySchema = Type.Object({
  courierId: Type.Integer(),
  courierName: Type.String(),
  deviceToken: Type.String(),
});
export type PairReply = Static<typeof PairReplySchema>;

/** `GET /api/v1/device/me`: who the device token belongs to, for the courier app's header. */
export const DeviceProfileSchema = Type.Object({
  courier: Type.Object({
    id: Type.Integer(),
    name: Type.String(),
    vehicle: Type.Enum(VEHICLES),
    status: Type.Enum(COURIER_STATUSES),
  }),
  hub: Nullable(
    Type.Object({
      id: Type.Integer(),
      name: Type.String(),
      lat: Type.Number(),
      lng: Type.Number(),
      timezone: Type.String(),
    }),
  ),
});
export type DeviceProfile = Static<typeof DeviceProfileSchema>;

export const PHOTO_KINDS = ['photo', 'signature'] as const;
export type PhotoKind = (typeof PHOTO_KINDS)[number];

/** Largest image a device may upload, bytes. */
export const MAX_PHOTO_BYTES = 5 * 1024 * 1024;
/** Longest side the courier app downscales photos to, pixels. */
export const PHOTO_MAX_SIDE_PX = 1600;

/** `POST /api/v1/device/stops/:id/photos` (multipart `file`, `kind`): the stored image. */
export const StopPhotoReplySchema = Type.Object({
  photoId: Type.Integer(),
  kind: Type.Enum(PHOTO_KINDS),
  bytes: Type.Integer(),
});
export type StopPhotoReply = Static<typeof StopPhotoReplySchema>;

/** A delivery's proof as the courier app records it (part of `stop:delivered`). */
export const VisitProofSchema = Type.Object(
  {
    recipientName: Type.Optional(Type.String({ minLength: 1, maxLength: 120 })),
    /** Ids of photos uploaded for this stop. */
    photoIds: Type.Optional(Type.Array(Type.Integer({ minimum: 1 }), { maxItems: 10 })),
    signatureId: Type.Optional(Type.Integer({ minimum: 1 })),
    /** The code the customer read out, for stops that require one. */
    code: Type.Optional(Type.String({ minLength: 1, maxLength: 12 })),
  },
  { additionalProperties: false },
);
export type VisitProof = Static<typeof VisitProofSchema>;

/** One completion of a stop with what was recorded (`GET /api/v1/stops/:id/proof`). */
export const StopProofViewSchema = Type.Object({
  id: Type.Integer(),
  outcome: Type.Enum(['delivered', 'failed']),
  attempt: Type.Integer(),
  at: Type.Number(),
  courierId: Type.Integer(),
  recipientName: Nullable(Type.String()),
  note: Nullable(Type.String()),
  reasonCode: Nullable(Type.Enum(FAILURE_REASONS)),
  codeVerified: Type.Boolean(),
  lat: Nullable(Type.Number()),
  lng: Nullable(Type.Number()),
  distanceMeters: Nullable(Type.Number()),
  farFromStop: Type.Boolean(),
  /** Authorised image URLs (console session), never public. */
  photos: Type.Array(
    Type.Object({ id: Type.Integer(), kind: Type.Enum(PHOTO_KINDS), url: Type.String() }),
  ),
});
export type StopProofView = Static<typeof StopProofViewSchema>;

export const StopProofListSchema = Type.Object({ proofs: Type.Array(StopProofViewSchema) });
export type StopProofList = Static<typeof StopProofListSchema>;

/** `GET /api/v1/stop-proofs`: completions recorded since a time, one courier's or one hub's. */
export const RecentProofQuerySchema = Type.Object({
  /** Epoch ms: completions at or after it. */
  since: Type.Integer({ minimum: 0 }),
  courierId: Type.Optional(Type.Integer({ minimum: 1 })),
  hubId: Type.Optional(Type.Integer({ minimum: 1 })),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
});
export type RecentProofQuery = Static<typeof RecentProofQuerySchema>;

/** One completion with the stop it completed (which may since have gone back on a route). */
export const RecentProofSchema = Type.Object({
  stop: Type.Object({
    id: Type.Integer(),
    orderRef: Nullable(Type.String()),
    address: Type.String(),
    lat: Type.Number(),
    lng: Type.Number(),
    hubId: Nullable(Type.Integer()),
    status: Type.Enum(STOP_STATUSES),
  }),
  proof: StopProofViewSchema,
});
export type RecentProof = Static<typeof RecentProofSchema>;

/** The latest completion first. */
export const RecentProofListSchema = Type.Object({ proofs: Type.Array(RecentProofSchema) });
export type RecentProofList = Static<typeof RecentProofListSchema>;

/** What a hub does with a failed attempt of one service tier. */
export const AttemptPolicySchema = Type.Object(
  {
    slaTier: Type.Enum(SLA_TIERS),
    /** Put it back on a route today while its window still allows. */
    retrySameDay: Type.Boolean(),
    /** Otherwise move it to the next day's unassigned stops, same hours. */
    moveToNextDay: Type.Boolean(),
    /** After this many failed attempts the parcel goes back to the hub. */
    maxAttempts: Type.Integer({ minimum: 1, maximum: 10 }),
  },
  { additionalProperties: false },
);
export type AttemptPolicy = Static<typeof AttemptPolicySchema>;

/** `GET|PUT /api/v1/hubs/:id/attempt-policies`: one policy per tier. */
export const AttemptPoliciesSchema = Type.Object(
  { policies: Type.Array(AttemptPolicySchema, { minItems: 1, maxItems: SLA_TIERS.length }) },
  { additionalProperties: false },
);
export type AttemptPolicies = Static<typeof AttemptPoliciesSchema>;
