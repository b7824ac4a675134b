import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyRequest } from 'fastify';
import {
  DomainError,
  PING_LIMITS,
  PingBatchAckSchema,
  PingBatchSchema,
  validatePingBatch,
} from '@dispatch/shared';
import { errorResponses } from '../http/schemas';
import type { Metrics } from '../ops/metrics';
import type { DeviceTokens } from './courier-gateway';
import type { IngestService } from './ingest-service';

export interface PingRoutesOptions {
  ingest: Pick<IngestService, 'accept'>;
  devices: DeviceTokens;
  metrics: Pick<Metrics, 'pingsRejected'>;
}

/**
 * `POST /api/v1/pings`: the socket batch over HTTP, for devices that cannot hold a socket. Who:
 * a device, with its token as bearer; it reports for its own courier only.
 */
export const pingRoutes: FastifyPluginAsyncTypebox<PingRoutesOptions> = async (
  app,
  { ingest, devices, metrics },
) => {
  const senders = new WeakMap<FastifyRequest, number>();

  app.post(
    '/api/v1/pings',
    {
      // Who: a device's token, checked before the body is read.
      onRequest: async (request) => {
        const header = request.headers.authorization ?? '';
        const token = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
        const identity = token ? await devices.byDeviceToken(token) : null;
        if (!identity) {
          metrics.pingsRejected.inc({ reason: 'unauthorized' });
          throw new DomainError(
            'unauthorized',
            'a valid device token is required (Authorization: Bearer <token>)',
          );
        }
        senders.set(request, identity.courierId);
      },
      bodyLimit: PING_LIMITS.maxBatchBytes,
      // The shared validator runs in the handler, so HTTP and socket refusals are identical.
      attachValidation: true,
      schema: {
        tags: ['ingest'],
        summary:
          'Send a batch of GPS fixes with `Authorization: Bearer <deviceToken>`; answered after they are durable',
        security: [{ deviceToken: [] }],
        body: PingBatchSchema,
        response: { 200: PingBatchAckSchema, ...errorResponses(400, 401, 403, 413, 503) },
      },
    },
    async (request) => {
      const courierId = senders.get(request)!;
      const bytes = Number(request.headers['content-length'] ?? 0) || undefined;
      const checked = validatePingBatch(request.body, Date.now(), bytes);
      if (!checked.ok) {
        metrics.pingsRejected.inc({ reason: checked.error.code });
        throw new DomainError(checked.error.code, checked.error.message, checked.error.details);
      }
      const result = await ingest.accept(courierId, checked.pings, Date.now());
      return { ok: true as const, ...result };
    },
  );
};
