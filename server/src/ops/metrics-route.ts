import type { FastifyPluginAsync } from 'fastify';
import type { Metrics } from './metrics';
import { checkScrape, type MetricsAccess } from './metrics-access';

/**
 * `GET /metrics` in Prometheus' text format. Who: a scraper with `METRICS_TOKEN` as bearer, else
 * this machine only (on the main port) or whoever reaches the separate metrics listener.
 */
export const metricsRoute: FastifyPluginAsync<{ metrics: Metrics; access: MetricsAccess }> = async (
  app,
  { metrics, access },
) => {
  app.get(
    '/metrics',
    {
      schema: {
        tags: ['ops'],
        summary:
          'Prometheus metrics: with `Authorization: Bearer <METRICS_TOKEN>` when set, else from this machine only',
        security: [{ metricsToken: [] }],
      },
      onRequest: async (request) =>
        checkScrape(access, {
          remoteAddress: request.socket.remoteAddress,
          headers: request.headers,
        }),
    },
    async (_request, reply) => {
      reply.header('content-type', metrics.registry.contentType);
      return metrics.registry.metrics();
    },
  );
};
