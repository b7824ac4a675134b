import { Redis } from 'ioredis';
import postgres from 'postgres';
import { databaseOf, redactUrl } from './cluster-plan';

/** PostgreSQL's code for a database that does not exist. */
const INVALID_CATALOG_NAME = '3D000';

/**
 * Makes sure the cluster's database exists: connects to it, and when PostgreSQL says there is
 * no such database, creates it from the `postgres` database beside it. Returns whether it was made.
 */
export async function ensureDatabase(url: string): Promise<boolean> {
  try {
    await withConnection(url, (sql) => sql`select 1`);
    return false;
  } catch (err) {
    if ((err as { code?: string }).code !== INVALID_CATALOG_NAME) throw explain(url, err);
  }
  const { name, maintenanceUrl } = databaseOf(url);
  try {
    await withConnection(maintenanceUrl, (sql) => sql`create database ${sql(name)}`);
  } catch (err) {
    throw explain(maintenanceUrl, err, `could not create database "${name}"`);
  }
  return true;
}

/** Fails with how to start one when no Redis answers PING at `url`. */
export async function checkRedis(url: string): Promise<void> {
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
  });
  // Refusals are reported through the rejected connect below.
  redis.on('error', () => {});
  try {
    await redis.connect();
    const answer = await redis.ping();
    if (answer !== 'PONG') throw new Error(`answered PING with ${answer}`);
  } catch (err) {
    throw new Error(
      `no Redis answers at ${redactUrl(url)} (${(err as Error).message}).\n` +
        'Start one with `redis-server --daemonize yes` (Debian: `apt-get install redis-server`), ' +
        'or point REDIS_URL at one.',
      { cause: err },
    );
  } finally {
    redis.disconnect();
  }
}

async function withConnection<T>(url: string, run: (sql: postgres.Sql) => Promise<T>): Promise<T> {
  const sql = postgres(url, { max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    return await run(sql);
  } finally {
    await sql.end({ timeout: 1 });
  }
}

function explain(url: string, err: unknown, what = 'no PostgreSQL answers'): Error {
  return new Error(
    `${what} at ${redactUrl(url)} (${(err as Error).message}).\n` +
      'Start PostgreSQL or point DATABASE_URL at one.',
    { cause: err },
  );
}
