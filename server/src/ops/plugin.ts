import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { HealthSchema, NotReadySchema, ReadySchema } from '@dispatch/shared';
import type { Database } from '../db/client';
import { migrationsApplied } from '../db/migrate';
import type { Metrics } from './metrics';

/** Liveness, readiness and Prometheus metrics. Who: anyone who can reach the port. */
export const opsPlugin: FastifyPluginAsyncTypebox<{ db: Database; metrics: Metrics }> = async (
  app,
  { db, metrics },
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
        summary: 'The database answers and every migration is applied',
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
        return { status: 'ready' as const, database: db.kind };
      } catch (err) {
        return reply
          .status(503)
          .send({ status: 'not_ready' as const, reason: `database: ${(err as Error).message}` });
      }
    },
  );

  app.get(
    '/metrics',
    { schema: { tags: ['ops'], summary: 'Prometheus metrics' } },
    async (_request, reply) => {
      reply.header('content-type', metrics.registry.contentType);
      return metrics.registry.metrics();
    },
  );
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
