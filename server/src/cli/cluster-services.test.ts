import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import postgres from 'postgres';
import { describe, expect, it } from 'vitest';
import { checkRedis, ensureDatabase } from './cluster-services';

/** A port nothing listens on: one that was free a moment ago. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('checkRedis', () => {
  it('says how to start a Redis when none answers', async () => {
    const port = await closedPort();
    await expect(checkRedis(`redis://127.0.0.1:${port}`)).rejects.toThrow(
      /no Redis answers at redis:\/\/127\.0\.0\.1:\d+.*\n.*redis-server --daemonize yes/,
    );
  });
});

// Creating a database needs a real PostgreSQL; the embedded one has a single database.
const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL;

describe.skipIf(!TEST_DATABASE_URL)('ensureDatabase (PostgreSQL, TEST_DATABASE_URL)', () => {
  it('creates a missing database once and leaves it after', async () => {
    const url = new URL(TEST_DATABASE_URL!);
    const name = `cluster_check_${process.pid}_${Date.now()}`;
    url.pathname = `/${name}`;
    const admin = postgres(TEST_DATABASE_URL!, { max: 1, onnotice: () => {} });
    try {
      expect(await ensureDatabase(url.toString())).toBe(true);
      expect(await ensureDatabase(url.toString())).toBe(false);
    } finally {
      await admin`drop database if exists ${admin(name)}`;
      await admin.end();
    }
  });
});
