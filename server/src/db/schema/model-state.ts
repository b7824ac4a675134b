import { jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Learned models the server keeps across restarts (e.g. travel speeds per area), as JSON by name. */
export const modelState = pgTable('model_state', {
  name: text('name').primaryKey(),
  data: jsonb('data').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
});
