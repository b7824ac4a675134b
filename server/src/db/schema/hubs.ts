import {
  boolean,
  doublePrecision,
  pgTable,
  real,
  serial,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/** A depot couriers start from; consoles and SLA targets are scoped by hub. */
export const hubs = pgTable('hubs', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  lat: doublePrecision('lat').notNull(),
  lng: doublePrecision('lng').notNull(),
  timezone: text('timezone').notNull().default('UTC'),
  /** Share of deliveries inside their window the hub promises, 0..1. */
  onTimeTarget: real('on_time_target').notNull().default(0.95),
  /** Accept suggestions automatically when they remove lateness without adding any elsewhere. */
  autoDispatch: boolean('auto_dispatch').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
