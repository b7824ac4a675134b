import type { FastifyPluginAsync } from 'fastify';
import type { Metrics } from '../ops/metrics';
import type { CourierGateway, DeviceTokens } from './courier-gateway';
import type { IngestService } from './ingest-service';
import { acceptPingsOverSocket } from './ping-socket';
import { pingRoutes } from './ping-routes';

export interface IngestPluginOptions {
  ingest: IngestService;
  devices: DeviceTokens;
  metrics: Metrics;
  gateway: CourierGateway;
}

/**
 * Ingest: GPS fixes from devices over `/courier` (`pings`) and `POST /api/v1/pings`, both acked
 * only once durable. Who: a device, for its own courier (its token names it). The OsmAnd
 * listener has its own port (`buildOsmAndServer`).
 */
export const ingestPlugin: FastifyPluginAsync<IngestPluginOptions> = async (
  app,
  { ingest, devices, metrics, gateway },
) => {
  await app.register(pingRoutes, { ingest, devices, metrics });
  acceptPingsOverSocket(gateway, ingest, metrics, app.log);
};
