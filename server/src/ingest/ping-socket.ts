import { DomainError, PING_LIMITS, validatePingBatch, type PingAck } from '@dispatch/shared';
import type { Metrics } from '../ops/metrics';
import type { CourierGateway } from './courier-gateway';
import type { IngestService } from './ingest-service';

/**
 * A schema-valid ping has at most 8 numeric fields, under 260 bytes of JSON, so this many
 * cannot reach the message limit.
 */
const MAX_PINGS_WITHOUT_MEASURING = Math.floor((PING_LIMITS.maxBatchBytes - 16) / 260);

/** Batches one device may have waiting for acks at once. */
const MAX_IN_FLIGHT = 16;

/**
 * `pings` on the `/courier` namespace: a batch is validated and stored, and acked only after
 * it is durable; a device with too many batches in flight is told `overloaded`.
 */
export function acceptPingsOverSocket(
  gateway: CourierGateway,
  ingest: Pick<IngestService, 'accept'>,
  metrics: Pick<Metrics, 'pingsRejected'>,
  log: { error: (o: object, msg: string) => void },
): void {
  gateway.onConnection((socket) => {
    const { courierId } = socket.data;
    socket.on('pings', (payload, ack) => {
      const reply = typeof ack === 'function' ? ack : () => {};
      const answer = (res: PingAck) => {
        if (socket.connected) reply(res);
      };
      if (socket.data.inFlight >= MAX_IN_FLIGHT) {
        metrics.pingsRejected.inc({ reason: 'overloaded' });
        return answer({
          ok: false,
          error: {
            code: 'overloaded',
            message: `at most ${MAX_IN_FLIGHT} batches may await acks; wait for them`,
          },
        });
      }
      const now = Date.now();
      let checked = validatePingBatch(payload, now);
      // Socket.IO hands over parsed JSON. A valid batch of up to MAX_PINGS_WITHOUT_MEASURING
      // cannot exceed the size limit, so only larger or refused ones are measured.
      if (!checked.ok || checked.pings.length > MAX_PINGS_WITHOUT_MEASURING) {
        const bytes = Buffer.byteLength(JSON.stringify(payload ?? null));
        if (bytes > PING_LIMITS.maxBatchBytes) checked = validatePingBatch(payload, now, bytes);
      }
      if (!checked.ok) {
        metrics.pingsRejected.inc({ reason: checked.error.code });
        return answer({ ok: false, error: checked.error });
      }
      socket.data.inFlight++;
      ingest
        .accept(courierId, checked.pings, now)
        .then(
          (result) => answer({ ok: true, ...result }),
          (err: unknown) => {
            const error =
              err instanceof DomainError
                ? err.toWire()
                : { code: 'internal' as const, message: 'internal error' };
            if (error.code === 'internal') log.error({ err, courierId }, 'ping batch failed');
            metrics.pingsRejected.inc({ reason: error.code });
            answer({ ok: false, error });
          },
        )
        .finally(() => socket.data.inFlight--);
    });
  });
}
