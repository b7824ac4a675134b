import { randomBytes } from 'node:crypto';
import { createServer, connect, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp } from '../../server/src/app';
import { loadConfig } from '../../server/src/config';
import { TestServer, eventually, freshDatabase } from '../helpers/test-server';

/** A node and its cluster's Redis: it does not start without it, and says when it is gone. */
const REDIS = new URL(process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379');

/** A port on this machine where nothing listens. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A TCP relay to the real Redis that can be cut (every connection dropped) and put back. */
class RedisRelay {
  private server: Server | null = null;
  private readonly sockets = new Set<Socket>();
  port = 0;

  async open(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(Number(REDIS.port || 6379), REDIS.hostname);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as { port: number }).port;
    this.server = server;
  }

  async cut(): Promise<void> {
    const server = this.server;
    this.server = null;
    const closed = new Promise((resolve) => server?.close(resolve));
    for (const s of this.sockets) s.destroy();
    await closed;
  }
}

describe('a node and the cluster’s Redis', () => {
  it('does not start when REDIS_URL points where no Redis answers, and says why', async () => {
    const db = await freshDatabase();
    try {
      const config = loadConfig(
        {},
        {
          PORT: 0,
          OSMAND_PORT: 0,
          HOST: '127.0.0.1',
          LOG_LEVEL: 'silent',
          DATA_DIR: db.dataDir,
          ...(db.url ? { DATABASE_URL: db.url } : {}),
          WEB_DIR: join(db.dataDir, 'no-web'),
          REDIS_URL: `redis://127.0.0.1:${await closedPort()}`,
          CLUSTER_NAME: `test-${randomBytes(4).toString('hex')}`,
        },
      );
      await expect(buildApp(config)).rejects.toThrow(/^REDIS_URL: Redis does not answer/);
    } finally {
      await db.drop();
    }
  });

  it('answers 503 on /readyz with the reason while Redis is gone, and ready once it is back', async () => {
    const relay = new RedisRelay();
    await relay.open();
    const node = await TestServer.start({
      REDIS_URL: `redis://127.0.0.1:${relay.port}`,
      CLUSTER_NAME: `test-${randomBytes(4).toString('hex')}`,
      NODE_NAME: 'node-a',
    });
    try {
      expect((await node.request('GET', '/readyz')).status).toBe(200);
      await relay.cut();
      const down = await eventually(async () => {
        const res = await node.request<{ reason?: string }>('GET', '/readyz');
        return res.status === 503 ? res : undefined;
      });
      expect(down.body).toMatchObject({
        status: 'not_ready',
        reason: expect.stringMatching(/^redis: /),
      });
      await relay.open();
      await eventually(
        async () => ((await node.request('GET', '/readyz')).status === 200 ? true : undefined),
        15_000,
        'the node to be ready again',
      );
    } finally {
      await node.stop();
      await relay.cut();
    }
  });
});
