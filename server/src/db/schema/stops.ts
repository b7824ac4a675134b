import { SLA_TIERS, STOP_KINDS, STOP_STATUSES } from '@dispatch/shared';
import { sql } from 'drizzle-orm';
import {
  doublePrecision,
  index,
  integer,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { couriers } from './couriers';
import { hubs } from './hubs';

/** One visit: a delivery, a pickup or a return pickup, with its promised window. */
export const stops = pgTable(
  'stops',
  {
    id: serial('id').primaryKey(),
    hubId: integer('hub_id').references(() => hubs.id),
    kind: text('kind', { enum: STOP_KINDS }).notNull(),
    orderRef: text('order_ref'),
    address: text('address').notNull(),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    cell: text('cell').notNull(),
    windowStart: timestamp('window_start', { withTimezone: true, mode: 'date' }).notNull(),
    windowEnd: timestamp('window_end', { withTimezone: true, mode: 'date' }).notNull(),
    serviceSeconds: integer('service_seconds').notNull().default(120),
    demand: integer('demand').notNull().default(1),
    slaTier: text('sla_tier', { enum: SLA_TIERS }).notNull().default('same_day'),
    status: text('status', { enum: STOP_STATUSES }).notNull().default('unassigned'),
    courierId: integer('courier_id').references(() => couriers.id),
    sequence: integer('sequence'),
    /** The courier's route version when this stop was last placed on the route. */
    routeVersion: integer('route_version'),
    attempts: integer('attempts').notNull().default(0),
    failureReason: text('failure_reason'),
    eta: timestamp('eta', { withTimezone: true, mode: 'date' }),
    arrivedAt: timestamp('arrived_at', { withTimezone: true, mode: 'date' }),
    /** When it was delivered, failed or picked up: what on-time is measured by. */
    completedAt: timestamp('completed_at', { withTimezone: true, mode: 'date' }),
    trackingTokenHash: text('tracking_token_hash').unique(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('stops_courier_seq_idx').on(t.courierId, t.sequence),
    index('stops_status_idx').on(t.status),
    index('stops_window_end_idx').on(t.windowEnd),
    index('stops_completed_idx').on(t.completedAt),
    // An order has at most one stop of each kind: its pickup and its delivery share the reference.
    uniqueIndex('stops_order_ref_kind_uq')
      .on(t.hubId, t.orderRef, t.kind)
      .where(sql`${t.orderRef} is not null`),
  ],
);
