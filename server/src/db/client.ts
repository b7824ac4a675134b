import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema';

/** The drizzle database, whichever driver is behind it. */
export type Orm = PgDatabase<PgQueryResultHKT, typeof schema>;

/** Raw parameterised SQL, for hot paths and statements drizzle cannot say. */
export interface Sql {
  query<R extends object = Record<string, unknown>>(text: string, params?: unknown[]): Promise<R[]>;
}

export interface Database extends Sql {
  readonly kind: 'pglite' | 'postgres';
  readonly orm: Orm;
  transaction<T>(fn: (tx: Sql) => Promise<T>): Promise<T>;
  /**
   * Runs `fn` holding the database-wide lock `key` (a PostgreSQL advisory lock on a connection of
   * its own), so that nodes starting together on one database do it one after the other. The
   * embedded database has one process: `fn` runs at once.
   */
  exclusively<T>(key: number, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres:// URL; when absent an embedded PGlite database in `dataDir` is used. */
  url?: string | undefined;
  dataDir: string;
  /** Connection pool size for PostgreSQL. */
  poolSize?: number;
  /** Per-statement timeout for PostgreSQL, ms. */
  statementTimeoutMs?: number;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  return options.url ? openPostgres(options.url, options) : openPglite(options.dataDir);
}

async function openPglite(dataDir: string): Promise<Database> {
  if (dataDir !== 'memory://') mkdirSync(dataDir, { recursive: true });
  const pg = await PGlite.create(dataDir);
  const orm = drizzlePglite({ client: pg, schema }) as unknown as Orm;
  return {
    kind: 'pglite',
    orm,
    async query<R extends object>(text: string, params?: unknown[]) {
      const res = await pg.query<R>(text, params);
      return res.rows;
    },
    exclusively: (_key, fn) => fn(),
    transaction<T>(fn: (tx: Sql) => Promise<T>) {
      return pg.transaction((tx) =>
        fn({
          async query<R extends object>(text: string, params?: unknown[]) {
            return (await tx.query<R>(text, params)).rows;
          },
        }),
      );
    },
    async close() {
      await pg.close();
    },
  };
}

async function openPostgres(url: string, options: DatabaseOptions): Promise<Database> {
  const client = postgres(url, {
    max: options.poolSize ?? 10,
    onnotice: () => {},
    connection: options.statementTimeoutMs ? { statement_timeout: options.statementTimeoutMs } : {},
    // int8 as JS number: ids and sequence numbers stay below 2^53.
    types: {
      bigint: {
        to: 20,
        from: [20],
        serialize: (v: number) => String(v),
        parse: (v: string) => Number(v),
      },
    },
  });
  const orm = drizzlePostgres({ client, schema }) as unknown as Orm;
  const wrap = (sql: postgres.Sql | postgres.TransactionSql): Sql => ({
    async query<R extends object>(text: string, params?: unknown[]) {
      const rows = await sql.unsafe(text, (params ?? []) as postgres.ParameterOrJSON<never>[]);
      return rows as unknown as R[];
    },
  });
  return {
    kind: 'postgres',
    orm,
    ...wrap(client),
    async transaction<T>(fn: (tx: Sql) => Promise<T>) {
      return (await client.begin((tx) => fn(wrap(tx)))) as T;
    },
    async exclusively<T>(key: number, fn: () => Promise<T>) {
      const session = await client.reserve();
      try {
        await session`select pg_advisory_lock(${key})`;
        try {
          return await fn();
        } finally {
          await session`select pg_advisory_unlock(${key})`;
        }
      } finally {
        session.release();
      }
    },
    async close() {
      await client.end({ timeout: 5 });
    },
  };
}
