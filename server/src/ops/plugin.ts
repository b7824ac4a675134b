import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { HealthSchema, NotReadySchema, ReadySchema } from '@dispatch/shared';
import type { Database } from '../db/client';
import { migrationsApplied } from '../db/migrate';
import type { Metrics } from './metrics';
import { metricsRoute } from './metrics-route';
import type { MetricsAccess } from './metrics-access';

export interface OpsOptions {
  db: Database;
  metrics: Metrics;
  /** Who may scrape `/metrics` on this port; null when a separate listener serves it. */
  metricsAccess: MetricsAccess | null;
  /** This node's name, and its cluster's readiness: null when Redis answers or there is none. */
  cluster: { node: string; clustered: boolean; notReady(): Promise<string | null> };
}

/**
 * Liveness and readiness (who: anyone who can reach the port) and Prometheus metrics (who: as
 * `metricsAccess` says).
 */
export const opsPlugin: FastifyPluginAsyncTypebox<OpsOptions> = async (
  app,
  { db, metrics, metricsAccess, cluster },
) => {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['ops'],
        summary: 'The process is up',
        response: { 200: HealthSchema },
      },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      schema: {
        tags: ['ops'],
        summary: 'The database (and in a cluster Redis) answers and every migration is applied',
        response: { 200: ReadySchema, 503: NotReadySchema },
      },
    },
    async (_request, reply) => {
      try {
        const ready = await withTimeout(migrationsApplied(db), 2000);
        if (!ready)
          return reply
            .status(503)
            .send({ status: 'not_ready' as const, reason: 'migrations pending' });
        const redis = await withTimeout(cluster.notReady(), 2000).catch(
          (err: Error) => `redis: ${err.message}`,
        );
        if (redis) return reply.status(503).send({ status: 'not_ready' as const, reason: redis });
        return {
          status: 'ready' as const,
          database: db.kind,
          node: cluster.node,
          ...(cluster.clustered ? { redis: 'ready' as const } : {}),
        };
      } catch (err) {
        return reply
          .status(503)
          .send({ status: 'not_ready' as const, reason: `database: ${(err as Error).message}` });
      }
    },
  );

  if (metricsAccess) await app.register(metricsRoute, { metrics, access: metricsAccess });
};

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
    }),
  ]);
}
