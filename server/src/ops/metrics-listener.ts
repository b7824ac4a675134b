import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import { installErrorHandler } from '../http/errors';
import type { Metrics } from './metrics';
import { metricsRoute } from './metrics-route';

/**
 * A listener of its own for `/metrics` (`METRICS_PORT`, on `METRICS_HOST`, 127.0.0.1 by default):
 * Prometheus scrapes an address the public never reaches, and the main port stops serving it.
 * With `METRICS_TOKEN` the token is required here too.
 */
export async function buildMetricsListener(deps: {
  metrics: Metrics;
  token: string | null;
  log: FastifyBaseLogger;
}): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: deps.log.child({ listener: 'metrics' }) });
  installErrorHandler(app);
  await app.register(metricsRoute, {
    metrics: deps.metrics,
    access: { token: deps.token, loopbackOnly: false },
  });
  return app;
}
