import { bigint, boolean, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { hubs } from './hubs';

/**
 * The server nodes of a cluster (`REDIS_URL` set), each beating its heart here; a node whose
 * heartbeat is older than the lease time is gone. Times are the database's clock, never a node's.
 */
export const clusterNodes = pgTable('cluster_nodes', {
  name: text('name').primaryKey(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }).notNull().defaultNow(),
  /** Set when the node drains (SIGTERM): it takes no hubs and hands its own over. */
  draining: boolean('draining').notNull().default(false),
});

/**
 * Which node owns a hub's detection, alerts, suggestions and planning, until `expires_at`. The
 * fencing token grows each time the lease changes hands; every write of owner-only state checks
 * that the writer still holds the lease with its token.
 */
export const hubLeases = pgTable('hub_leases', {
  hubId: integer('hub_id')
    .primaryKey()
    .references(() => hubs.id, { onDelete: 'cascade' }),
  owner: text('owner').notNull(),
  token: bigint('token', { mode: 'number' }).notNull(),
  acquiredAt: timestamp('acquired_at', { withTimezone: true }).notNull().defaultNow(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});
