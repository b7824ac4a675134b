import { FAILURE_REASONS, SLA_TIERS } from '@dispatch/shared';
import {
  boolean,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { couriers } from './couriers';
import { hubs } from './hubs';
import { stops } from './stops';
import { users } from './users';

/**
 * One-time codes that pair a phone with a courier: single use, short-lived, stored as a SHA-256.
 * Exchanging one issues the courier a fresh device token, which signs any older phone out.
 */
export const pairingCodes = pgTable(
  'pairing_codes',
  {
    id: serial('id').primaryKey(),
    courierId: integer('courier_id')
      .notNull()
      .references(() => couriers.id, { onDelete: 'cascade' }),
    codeHash: text('code_hash').notNull().unique(),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('pairing_codes_courier_idx').on(t.courierId)],
);

/**
 * Actions a device has had applied, by the idempotency key it chose: a replayed action (an
 * offline queue resending after a lost ack) answers what the first one answered and changes
 * nothing.
 */
export const deviceActions = pgTable(
  'device_actions',
  {
    courierId: integer('courier_id')
      .notNull()
      .references(() => couriers.id, { onDelete: 'cascade' }),
    actionKey: text('action_key').notNull(),
    /** `stop:arrived`, `stop:delivered`, … */
    kind: text('kind').notNull(),
    stopId: integer('stop_id'),
    /** The ack the first application answered. */
    result: jsonb('result').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.courierId, t.actionKey] }),
    index('device_actions_created_idx').on(t.createdAt),
  ],
);

/**
 * Images a courier took at a stop (photos and drawn signatures). The bytes live in the blob store
 * under `blobKey` (their SHA-256), so an upload sent twice is stored once.
 */
export const stopPhotos = pgTable(
  'stop_photos',
  {
    id: serial('id').primaryKey(),
    stopId: integer('stop_id')
      .notNull()
      .references(() => stops.id, { onDelete: 'cascade' }),
    courierId: integer('courier_id')
      .notNull()
      .references(() => couriers.id),
    /** `photo` or `signature`. */
    kind: text('kind', { enum: ['photo', 'signature'] }).notNull(),
    blobKey: text('blob_key').notNull(),
    contentType: text('content_type').notNull(),
    bytes: integer('bytes').notNull(),
    width: integer('width'),
    height: integer('height'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('stop_photos_stop_blob_uq').on(t.stopId, t.kind, t.blobKey)],
);

/** What a courier recorded when completing a stop: a delivery's proof or a failed attempt's reason. */
export const stopProofs = pgTable(
  'stop_proofs',
  {
    id: serial('id').primaryKey(),
    stopId: integer('stop_id')
      .notNull()
      .references(() => stops.id, { onDelete: 'cascade' }),
    courierId: integer('courier_id')
      .notNull()
      .references(() => couriers.id),
    /** `delivered` or `failed`. */
    outcome: text('outcome', { enum: ['delivered', 'failed'] }).notNull(),
    /** Which attempt this was (the stop's `attempts` after it). */
    attempt: smallint('attempt').notNull(),
    recipientName: text('recipient_name'),
    note: text('note'),
    reasonCode: text('reason_code', { enum: FAILURE_REASONS }),
    /** The customer's code was asked for and matched. */
    codeVerified: boolean('code_verified').notNull().default(false),
    /** Ids in `stop_photos`. */
    photoIds: jsonb('photo_ids').$type<number[]>().notNull().default([]),
    signatureId: integer('signature_id'),
    /** When it happened (server-bounded) and where the courier was. */
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull(),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    distanceMeters: doublePrecision('distance_meters'),
    farFromStop: boolean('far_from_stop').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('stop_proofs_stop_idx').on(t.stopId)],
);

/**
 * What happens to a failed attempt, per hub and service tier, set by supervisors: try again the
 * same day while the window allows, move to the next day with a new window, and after
 * `maxAttempts` failures send the parcel back to the hub.
 */
export const attemptPolicies = pgTable(
  'attempt_policies',
  {
    hubId: integer('hub_id')
      .notNull()
      .references(() => hubs.id, { onDelete: 'cascade' }),
    slaTier: text('sla_tier', { enum: SLA_TIERS }).notNull(),
    retrySameDay: boolean('retry_same_day').notNull().default(true),
    moveToNextDay: boolean('move_to_next_day').notNull().default(true),
    maxAttempts: smallint('max_attempts').notNull().default(3),
    updatedBy: integer('updated_by').references(() => users.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.hubId, t.slaTier] })],
);
