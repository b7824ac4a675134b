import { ALERT_SEVERITIES } from '@dispatch/shared';
import { sql } from 'drizzle-orm';
import {
  index,
  integer,
  jsonb,
  pgTable,
  serial,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { couriers } from './couriers';
import { hubs } from './hubs';
import { stops } from './stops';
import { users } from './users';

/** Alerts; at most one open alert per (kind, subject). */
export const alerts = pgTable(
  'alerts',
  {
    id: serial('id').primaryKey(),
    kind: text('kind').notNull(),
    severity: text('severity', { enum: ALERT_SEVERITIES }).notNull(),
    courierId: integer('courier_id').references(() => couriers.id),
    stopId: integer('stop_id').references(() => stops.id),
    hubId: integer('hub_id').references(() => hubs.id),
    openedAt: timestamp('opened_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    acknowledgedAt: timestamp('acknowledged_at', { withTimezone: true, mode: 'date' }),
    acknowledgedBy: integer('acknowledged_by').references(() => users.id),
    escalatedAt: timestamp('escalated_at', { withTimezone: true, mode: 'date' }),
    resolvedAt: timestamp('resolved_at', { withTimezone: true, mode: 'date' }),
    details: jsonb('details').notNull().default({}),
  },
  (t) => [
    uniqueIndex('alerts_one_open_uq')
      .on(
        t.kind,
        sql`coalesce(${t.courierId}, 0)`,
        sql`coalesce(${t.stopId}, 0)`,
        sql`coalesce(${t.hubId}, 0)`,
      )
      .where(sql`${t.resolvedAt} is null`),
    index('alerts_opened_idx').on(t.openedAt),
  ],
);
