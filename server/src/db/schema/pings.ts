import {
  bigint,
  doublePrecision,
  index,
  integer,
  pgTable,
  real,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

/**
 * Raw GPS fixes. Partitioned by day on `received_at` (hand-written in the migration: drizzle
 * cannot declare partitioning), so retention is dropping a partition. Deduplication by
 * (courier, seq) happens in the ingest pipeline, backed by `pings_courier_seq_idx`.
 */
export const pings = pgTable(
  'pings',
  {
    courierId: integer('courier_id').notNull(),
    seq: bigint('seq', { mode: 'number' }).notNull(),
    /** Device time. */
    t: timestamp('t', { withTimezone: true, mode: 'date' }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true, mode: 'date' }).notNull(),
    lat: doublePrecision('lat').notNull(),
    lng: doublePrecision('lng').notNull(),
    accuracyMeters: real('accuracy_meters'),
    speedMps: real('speed_mps'),
    heading: real('heading'),
    battery: real('battery'),
    cell: text('cell').notNull(),
    /**
     * Why the fix did not move the live position (`jump`: farther from the last fix than any
     * vehicle could go); null for a fix taken as it is.
     */
    flag: text('flag'),
  },
  (t) => [
    index('pings_courier_seq_idx').on(t.courierId, t.seq),
    index('pings_courier_t_idx').on(t.courierId, t.t),
  ],
);
