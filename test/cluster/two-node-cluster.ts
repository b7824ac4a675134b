import { randomBytes } from 'node:crypto';
import type { Config } from '../../server/src/config';
import { TestServer } from '../helpers/test-server';

/** The Redis the cluster tests share; each cluster has a name of its own on it. */
export const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/**
 * Two nodes of one cluster in this process on one fresh PostgreSQL database and `REDIS_URL`:
 * `first` (named `firstName`, started first, migrating the database) and `second` alongside it.
 * The cluster's name is `prefix` plus random hex, so runs sharing the Redis do not hear each
 * other. `settings` apply to both.
 */
export async function twoNodes(
  options: {
    prefix?: string;
    settings?: Partial<Config>;
    names?: [string, string];
  } = {},
): Promise<{ first: TestServer; second: TestServer }> {
  const [firstName, secondName] = options.names ?? ['node-a', 'node-b'];
  const cluster = {
    REDIS_URL,
    CLUSTER_NAME: `${options.prefix ?? 'test'}-${randomBytes(4).toString('hex')}`,
    ...options.settings,
  };
  const first = await TestServer.start({ ...cluster, NODE_NAME: firstName });
  const second = await TestServer.alongside(first, { ...cluster, NODE_NAME: secondName });
  return { first, second };
}
