import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildApp, type App } from '../../server/src/app';
import { loadConfig } from '../../server/src/config';
import { migrationsApplied } from '../../server/src/db/migrate';
import { ADMIN, freshDatabase } from '../helpers/test-server';
import { REDIS_URL } from './two-node-cluster';

const NODES = 3;

/**
 * Nodes started at the same moment on an empty PostgreSQL database, as an orchestrator starts
 * replicas: each migrates, makes the ping partitions and creates the admin, one after the other
 * where it matters, and all come up.
 */
describe('several nodes starting together on an empty database', () => {
  it('all start; the schema is migrated once and the admin made once', async () => {
    const db = await freshDatabase();
    expect(db.url, 'the cluster project runs on PostgreSQL').toBeDefined();
    const cluster = `test-${randomBytes(4).toString('hex')}`;
    const dirs: string[] = [];
    const apps: App[] = [];
    try {
      const starts = Array.from({ length: NODES }, (_, k) => {
        const dataDir = mkdtempSync(join(tmpdir(), 'dispatch-test-node-'));
        dirs.push(dataDir);
        const config = loadConfig(
          {},
          {
            PORT: 0,
            OSMAND_PORT: 0,
            HOST: '127.0.0.1',
            LOG_LEVEL: 'silent',
            DATA_DIR: dataDir,
            DATABASE_URL: db.url!,
            WEB_DIR: join(dataDir, 'no-web'),
            ADMIN_EMAIL: ADMIN.email,
            ADMIN_PASSWORD: ADMIN.password,
            REDIS_URL,
            CLUSTER_NAME: cluster,
            NODE_NAME: `node-${k + 1}`,
          },
        );
        return buildApp(config).then((app) => {
          apps.push(app);
          return app;
        });
      });
      const outcomes = await Promise.allSettled(starts);
      expect(outcomes.map((o) => (o.status === 'rejected' ? String(o.reason) : 'up'))).toEqual(
        Array.from({ length: NODES }, () => 'up'),
      );

      const [app] = apps;
      expect(await migrationsApplied(app!.db)).toBe(true);
      const [applied] = await app!.db.query<{ n: number; distinct: number }>(
        'select count(*)::int as n, count(distinct hash)::int as distinct from drizzle.__drizzle_migrations',
      );
      expect(applied!.n).toBe(applied!.distinct);
      const admins = await app!.db.query<{ n: number }>(
        'select count(*)::int as n from users where email = $1',
        [ADMIN.email],
      );
      expect(admins[0]!.n).toBe(1);
      const partitions = await app!.db.query<{ n: number }>(
        `select count(*)::int as n from pg_inherits i join pg_class p on p.oid = i.inhparent
         where p.relname = 'pings'`,
      );
      expect(partitions[0]!.n).toBeGreaterThan(1);
    } finally {
      for (const app of apps) await app.close();
      await db.drop();
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    }
  });
});
