import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { DomainError, PING_LIMITS, validatePingBatch } from '@dispatch/shared';
import { installErrorHandler } from '../http/errors';
import type { Metrics } from '../ops/metrics';
import type { IngestService } from './ingest-service';
import { parseOsmAnd } from './osmand';

export interface OsmAndServerDeps {
  ingest: Pick<IngestService, 'accept'>;
  /** The courier a tracker's external device id belongs to. */
  devices: { byExternalDeviceId(id: string): Promise<{ courierId: number } | null> };
  metrics: Pick<Metrics, 'pingsRejected'>;
}

/**
 * The OsmAnd protocol on its own port, path `/`, so Traccar Client and GPS trackers work by
 * pointing them at the server. Devices are matched by the courier's external device id.
 * Trackers send no sequence numbers: the fix time in ms serves as one, so a tracker's retry of
 * the same fix is stored once.
 */
export function buildOsmAndServer(
  { ingest, devices, metrics }: OsmAndServerDeps,
  logger: FastifyInstance['log'],
): FastifyInstance {
  const app = Fastify({
    loggerInstance: logger.child({ component: 'osmand' }),
    bodyLimit: PING_LIMITS.maxBatchBytes,
  });
  void app.register(formbody);
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );
  installErrorHandler(app, '; the OsmAnd endpoint is /');

  const handler = async (request: { query: unknown; body: unknown }) => {
    const now = Date.now();
    const parsed = parseOsmAnd({
      query: (request.query ?? {}) as Record<string, string>,
      body: request.body,
      nowMs: now,
    });
    if (!parsed.ok) {
      metrics.pingsRejected.inc({ reason: 'invalid' });
      throw new DomainError(parsed.error.code, parsed.error.message, parsed.error.details);
    }
    const { deviceId, altitudeMeters: _altitude, ...fix } = parsed.fix;
    const identity = await devices.byExternalDeviceId(deviceId);
    if (!identity) {
      metrics.pingsRejected.inc({ reason: 'unknown_device' });
      throw new DomainError('not_found', `no courier has the device id ${deviceId}`);
    }
    const checked = validatePingBatch({ pings: [{ seq: fix.t, ...fix }] }, now);
    if (!checked.ok) {
      metrics.pingsRejected.inc({ reason: checked.error.code });
      throw new DomainError(checked.error.code, checked.error.message, checked.error.details);
    }
    await ingest.accept(identity.courierId, checked.pings, now);
    return 'OK';
  };

  app.get('/', (request) => handler(request));
  app.post('/', (request) => handler(request));
  return app;
}
