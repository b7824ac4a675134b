import { sql } from 'drizzle-orm';
import {
  bigint,
  bigserial,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  smallint,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { hubs } from './hubs';
import { stops } from './stops';
import { users } from './users';

/** A shop that sends orders to a hub through the orders API. */
export const shops = pgTable('shops', {
  id: serial('id').primaryKey(),
  hubId: integer('hub_id')
    .notNull()
    .references(() => hubs.id),
  name: text('name').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * A shop's key for the orders API: shown once when an admin creates it, stored as a SHA-256,
 * scoped to the shop's hub, revocable. `prefix` (the first characters) names it in lists.
 */
export const apiKeys = pgTable(
  'api_keys',
  {
    id: serial('id').primaryKey(),
    shopId: integer('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    hubId: integer('hub_id')
      .notNull()
      .references(() => hubs.id),
    name: text('name').notNull(),
    prefix: text('prefix').notNull(),
    keyHash: text('key_hash').notNull().unique(),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
  },
  (t) => [index('api_keys_shop_idx').on(t.shopId)],
);

/**
 * Orders API requests by their `Idempotency-Key`: the same key and body answer what the first
 * answered; the same key with another body is a conflict.
 */
export const idempotencyKeys = pgTable(
  'idempotency_keys',
  {
    id: serial('id').primaryKey(),
    shopId: integer('shop_id')
      .notNull()
      .references(() => shops.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    /** SHA-256 of the request body as parsed JSON, keys sorted. */
    requestHash: text('request_hash').notNull(),
    statusCode: smallint('status_code').notNull(),
    response: jsonb('response').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('idempotency_keys_shop_key_uq').on(t.shopId, t.key),
    index('idempotency_keys_created_idx').on(t.createdAt),
  ],
);

/**
 * Where a hub's (or one shop's) stop events are posted, signed with `secret` (HMAC-SHA256).
 * `eventTypes` empty means every type.
 */
export const webhooks = pgTable(
  'webhooks',
  {
    id: serial('id').primaryKey(),
    hubId: integer('hub_id')
      .notNull()
      .references(() => hubs.id),
    /** Only this shop's orders; null for every stop of the hub. */
    shopId: integer('shop_id').references(() => shops.id, { onDelete: 'cascade' }),
    url: text('url').notNull(),
    secret: text('secret').notNull(),
    eventTypes: jsonb('event_types').$type<string[]>().notNull().default([]),
    createdBy: integer('created_by').references(() => users.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    disabledAt: timestamp('disabled_at', { withTimezone: true }),
  },
  (t) => [index('webhooks_hub_idx').on(t.hubId)],
);

/**
 * The transactional outbox: one row per stop event a customer or a shop cares about, written by
 * the `stops` trigger in the transaction of the change (migration 0009). The sender fans each
 * event out to deliveries (`fanned_out_at`) and sends those.
 */
export const notificationEvents = pgTable(
  'notification_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    stopId: integer('stop_id')
      .notNull()
      .references(() => stops.id, { onDelete: 'cascade' }),
    hubId: integer('hub_id'),
    shopId: integer('shop_id'),
    /** See NOTIFICATION_EVENT_TYPES. */
    type: text('type').notNull(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** The stop as it was at the change: status, window, ETA, order reference, recipient. */
    data: jsonb('data').notNull().default({}),
    fannedOutAt: timestamp('fanned_out_at', { withTimezone: true, mode: 'date' }),
  },
  (t) => [
    index('notification_events_pending_idx')
      .on(t.id)
      .where(sql`fanned_out_at is null`),
    index('notification_events_stop_idx').on(t.stopId, t.id),
  ],
);

/**
 * One event to one receiver: a webhook, an email address or a phone. `status`: `pending` (to be
 * sent at `next_attempt_at`), `sent`, `dead` (gave up after the retry period), `logged` (no
 * transport configured: written to the log and shown in the console, not sent).
 */
export const notificationDeliveries = pgTable(
  'notification_deliveries',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    eventId: bigint('event_id', { mode: 'number' })
      .notNull()
      .references(() => notificationEvents.id, { onDelete: 'cascade' }),
    stopId: integer('stop_id').notNull(),
    /** `webhook`, `email` or `sms`. */
    channel: text('channel').notNull(),
    webhookId: integer('webhook_id').references(() => webhooks.id, { onDelete: 'cascade' }),
    /** The URL, email address or phone number it goes to. */
    recipient: text('recipient').notNull(),
    status: text('status').notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' })
      .notNull()
      .defaultNow(),
    lastAttemptAt: timestamp('last_attempt_at', { withTimezone: true, mode: 'date' }),
    lastStatusCode: integer('last_status_code'),
    lastError: text('last_error'),
    sentAt: timestamp('sent_at', { withTimezone: true, mode: 'date' }),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
  },
  (t) => [
    index('notification_deliveries_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`status = 'pending'`),
    index('notification_deliveries_stop_idx').on(t.stopId, t.eventId),
    uniqueIndex('notification_deliveries_event_target_uq').on(t.eventId, t.channel, t.recipient),
  ],
);

/**
 * Delivery windows a hub offers customers who reschedule, in the hub's local time every day,
 * with how many stops each takes per day.
 */
export const hubWindowSlots = pgTable(
  'hub_window_slots',
  {
    id: serial('id').primaryKey(),
    hubId: integer('hub_id')
      .notNull()
      .references(() => hubs.id, { onDelete: 'cascade' }),
    /** Minutes after local midnight. */
    startMinute: smallint('start_minute').notNull(),
    endMinute: smallint('end_minute').notNull(),
    capacity: integer('capacity').notNull(),
    active: boolean('active').notNull().default(true),
  },
  (t) => [uniqueIndex('hub_window_slots_uq').on(t.hubId, t.startMinute, t.endMinute)],
);

/** Secrets the server generates once and keeps (the tracking-link key when TRACKING_SECRET is unset). */
export const serverSecrets = pgTable('server_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
