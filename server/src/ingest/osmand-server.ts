import formbody from '@fastify/formbody';
import Fastify, { type FastifyInstance } from 'fastify';
import { DomainError, PING_LIMITS, validatePingBatch } from '@dispatch/shared';
import type { SecurityLog } from '../events/event-log';
import { frameworkErrorReply, installErrorHandler } from '../http/errors';
import type { Metrics } from '../ops/metrics';
import type { IngestService } from './ingest-service';
import { parseOsmAnd } from './osmand';
import { OsmAndGate, type OsmAndGateLimits } from './osmand-gate';

export interface OsmAndServerDeps {
  ingest: Pick<IngestService, 'accept'>;
  /**
   * The courier an OsmAnd device id names: its secret, or its external id where an admin allowed
   * that; null for anything else.
   */
  devices: { byDeviceId(id: string): Promise<{ courierId: number } | null> };
  metrics: Pick<Metrics, 'pingsRejected'>;
  /** Where refused devices are recorded (`device.refused`, at most once a minute per address). */
  security: SecurityLog;
  /** Per-address limits; the defaults suit production. */
  limits?: OsmAndGateLimits;
}

/** The one answer to every id that names no courier that may use it. */
function unknownDevice(): DomainError {
  return new DomainError('unauthorized', 'unknown device');
}

/**
 * The OsmAnd protocol on its own port, path `/`, so Traccar Client and GPS trackers work by
 * pointing them at the server. Who: a tracker holding a courier's OsmAnd secret (issued by an
 * admin) as its device id, or its external id where an admin allowed that; it reports for that
 * courier only. Ids that name no such courier, whatever the reason, get the same 401; an address
 * sending too many of them, or too many requests, gets 429 for a while.
 * Trackers send no sequence numbers: the fix time in ms serves as one, so a tracker's retry of
 * the same fix is stored once.
 */
export function buildOsmAndServer(
  { ingest, devices, metrics, security, limits }: OsmAndServerDeps,
  logger: FastifyInstance['log'],
): FastifyInstance {
  const gate = new OsmAndGate(limits);
  const app = Fastify({
    loggerInstance: logger.child({ component: 'osmand' }),
    bodyLimit: PING_LIMITS.maxBatchBytes,
    frameworkErrors: frameworkErrorReply,
  });
  void app.register(formbody);
  app.addContentTypeParser('text/plain', { parseAs: 'string' }, (_req, body, done) =>
    done(null, body),
  );
  installErrorHandler(app, '; the OsmAnd endpoint is /');

  const handler = async (request: { query: unknown; body: unknown; ip: string }) => {
    const now = Date.now();
    if (!gate.admit(request.ip, now)) {
      metrics.pingsRejected.inc({ reason: 'rate_limited' });
      throw new DomainError('rate_limited', 'too many requests from this address; try later');
    }
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
    const identity = await devices.byDeviceId(deviceId);
    if (!identity) {
      metrics.pingsRejected.inc({ reason: 'unknown_device' });
      if (gate.refused(request.ip, now).record) {
        security.record(
          { type: 'anonymous' },
          {
            kind: 'device.refused',
            subjectType: 'courier',
            subjectId: null,
            data: { ip: request.ip, via: 'osmand' },
          },
        );
      }
      throw unknownDevice();
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
