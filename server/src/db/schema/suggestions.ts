import { SUGGESTION_STATUSES } from '@dispatch/shared';
import { index, integer, jsonb, pgTable, real, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { couriers } from './couriers';
import { users } from './users';

/** Proposed reassignments with their predicted effect and plain-language explanation. */
export const suggestions = pgTable(
  'suggestions',
  {
    id: serial('id').primaryKey(),
    kind: text('kind').notNull(),
    stopIds: integer('stop_ids').array().notNull(),
    fromCourierId: integer('from_courier_id').references(() => couriers.id),
    toCourierId: integer('to_courier_id').references(() => couriers.id),
    /** Route versions the suggestion was computed against. */
    fromRouteVersion: integer('from_route_version'),
    toRouteVersion: integer('to_route_version'),
    insertPosition: integer('insert_position'),
    score: real('score').notNull(),
    explanation: text('explanation').notNull(),
    status: text('status', { enum: SUGGESTION_STATUSES }).notNull().default('open'),
    details: jsonb('details').notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    decidedAt: timestamp('decided_at', { withTimezone: true, mode: 'date' }),
    decidedBy: integer('decided_by').references(() => users.id),
  },
  (t) => [index('suggestions_status_idx').on(t.status, t.createdAt)],
);
