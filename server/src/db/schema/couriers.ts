import { COURIER_STATUSES, VEHICLES } from '@dispatch/shared';
import {
  boolean,
  doublePrecision,
  integer,
  pgTable,
  real,
  serial,
  smallint,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';
import { hubs } from './hubs';

/**
 * Couriers and their devices. The last fix is kept here too, written in the same transaction
 * as the pings, so the live state is rebuilt on start without scanning the pings table.
 */
export const couriers = pgTable('couriers', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  vehicle: text('vehicle', { enum: VEHICLES }).notNull(),
  capacity: integer('capacity').notNull(),
  hubId: integer('hub_id').references(() => hubs.id),
  /** Id a GPS tracker or Traccar Client reports itself with (OsmAnd `id`). */
  externalDeviceId: text('external_device_id').unique(),
  /**
   * Whether the plain `externalDeviceId` is still accepted by the OsmAnd listener (an admin's
   * opt-in for trackers that cannot take a generated secret).
   */
  legacyDeviceId: boolean('legacy_device_id').notNull().default(false),
  /** SHA-256 of the OsmAnd device secret a tracker sends as its `id`; null when none is issued. */
  osmandSecretHash: text('osmand_secret_hash').unique(),
  osmandSecretIssuedAt: timestamp('osmand_secret_issued_at', { withTimezone: true }),
  /** SHA-256 of the device token; null once revoked. */
  deviceTokenHash: text('device_token_hash').unique(),
  tokenIssuedAt: timestamp('token_issued_at', { withTimezone: true }),
  active: boolean('active').notNull().default(true),
  /** Shift as minutes after local midnight. */
  shiftStartMinute: smallint('shift_start_minute').notNull().default(480),
  shiftEndMinute: smallint('shift_end_minute').notNull().default(1200),
  status: text('status', { enum: COURIER_STATUSES }).notNull().default('offline'),
  /** Incremented on every change to the courier's route (optimistic concurrency). */
  routeVersion: integer('route_version').notNull().default(0),
  lastFixAt: timestamp('last_fix_at', { withTimezone: true, mode: 'date' }),
  lastLat: doublePrecision('last_lat'),
  lastLng: doublePrecision('last_lng'),
  lastSpeedMps: real('last_speed_mps'),
  lastHeading: real('last_heading'),
  lastAccuracyMeters: real('last_accuracy_meters'),
  lastBattery: real('last_battery'),
  lastCell: text('last_cell'),
  lastPingAt: timestamp('last_ping_at', { withTimezone: true, mode: 'date' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
