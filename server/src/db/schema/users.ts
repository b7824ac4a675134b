import { ROLES } from '@dispatch/shared';
import { boolean, integer, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { hubs } from './hubs';

/** Console accounts: dispatchers, supervisors and admins. */
export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  email: text('email').notNull().unique(),
  name: text('name').notNull(),
  role: text('role', { enum: ROLES }).notNull(),
  /** scrypt hash in the form `scrypt$N$r$p$salt$hash` (base64url). */
  passwordHash: text('password_hash').notNull(),
  hubId: integer('hub_id').references(() => hubs.id),
  active: boolean('active').notNull().default(true),
  /** When the password was last set; sessions started before it are ended. */
  passwordChangedAt: timestamp('password_changed_at', { withTimezone: true }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
