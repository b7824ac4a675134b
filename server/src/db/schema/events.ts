import { bigserial, index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/** Append-only log of every state change: the audit trail and the source for KPIs. */
export const events = pgTable(
  'events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** `user`, `courier` or `system`. */
    actorType: text('actor_type').notNull(),
    actorId: integer('actor_id'),
    /** e.g. `courier.created`, `stop.imported`, `route.changed`. */
    kind: text('kind').notNull(),
    subjectType: text('subject_type').notNull(),
    subjectId: integer('subject_id'),
    data: jsonb('data').notNull().default({}),
    /** The hub the change belongs to, when it belongs to one (the audit view filters on it). */
    hubId: integer('hub_id'),
  },
  (t) => [
    index('events_subject_idx').on(t.subjectType, t.subjectId, t.at),
    index('events_kind_at_idx').on(t.kind, t.at),
    index('events_hub_at_idx').on(t.hubId, t.at),
    index('events_actor_idx').on(t.actorType, t.actorId, t.at),
    index('events_at_idx').on(t.at),
  ],
);
