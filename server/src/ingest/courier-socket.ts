import type { FastifyBaseLogger } from 'fastify';
import type { Namespace, Server, Socket } from 'socket.io';
import Type from 'typebox';
import {
  COURIER_STATUSES,
  DomainError,
  compileValidator,
  type Ack,
  NAMESPACES,
  PING_LIMITS,
  PROTOCOL_VERSION,
  validatePingBatch,
  type CourierClientToServer,
  type CourierServerToClient,
  type PingAck,
} from '@dispatch/shared';
import type { Services } from '../services';

interface CourierSocketData {
  courierId: number;
  inFlight: number;
}

export type CourierNamespace = Namespace<
  CourierClientToServer,
  CourierServerToClient,
  Record<string, never>,
  CourierSocketData
>;
type CourierSocket = Socket<
  CourierClientToServer,
  CourierServerToClient,
  Record<string, never>,
  CourierSocketData
>;

/**
 * A schema-valid ping has at most 8 numeric fields, under 260 bytes of JSON, so this many
 * cannot reach the message limit.
 */
const MAX_PINGS_WITHOUT_MEASURING = Math.floor((PING_LIMITS.maxBatchBytes - 16) / 260);

const StopVisit = compileValidator(
  Type.Object(
    {
      stopId: Type.Integer({ minimum: 1 }),
      t: Type.Optional(Type.Integer({ minimum: 0 })),
      reason: Type.Optional(Type.String({ minLength: 1, maxLength: 500 })),
    },
    { additionalProperties: false },
  ),
  'stop visit',
);

/** Batches one device may have waiting for acks at once. */
const MAX_IN_FLIGHT = 16;

export const courierRoom = (courierId: number) => `courier:${courierId}`;

/** Socket.IO error for a refused handshake; the client sees `err.message` and `err.data`. */
function refusal(code: string, message: string): Error {
  return Object.assign(new Error(message), { data: { code, message } });
}

/**
 * The `/courier` namespace: devices authenticate with their token at connect, send `pings`
 * batches and get an ack only after the batch is durable; they receive `route:updated`.
 */
export function attachCourierNamespace(
  io: Server,
  services: Services,
  log: FastifyBaseLogger,
): CourierNamespace {
  const { bus, couriers, ingest, metrics, fleet, stops } = services;
  const nsp = io.of(NAMESPACES.courier) as unknown as CourierNamespace;

  nsp.use((socket, next) => {
    const auth = socket.handshake.auth as { token?: unknown; protocol?: unknown };
    if (auth.protocol !== undefined && auth.protocol !== PROTOCOL_VERSION) {
      return next(
        refusal(
          'invalid',
          `protocol ${String(auth.protocol)} is not supported; this server speaks ${PROTOCOL_VERSION}`,
        ),
      );
    }
    if (typeof auth.token !== 'string' || auth.token.length === 0 || auth.token.length > 200) {
      metrics.pingsRejected.inc({ reason: 'unauthorized' });
      return next(refusal('unauthorized', 'a device token is required in auth.token'));
    }
    couriers.byDeviceToken(auth.token).then(
      (identity) => {
        if (!identity) {
          metrics.pingsRejected.inc({ reason: 'unauthorized' });
          return next(refusal('unauthorized', 'the device token is wrong or revoked'));
        }
        socket.data.courierId = identity.courierId;
        socket.data.inFlight = 0;
        next();
      },
      () => next(refusal('unavailable', 'the server cannot check the token right now')),
    );
  });

  nsp.on('connection', (socket: CourierSocket) => {
    const courierId = socket.data.courierId;
    void socket.join(courierRoom(courierId));
    metrics.couriersConnected.inc();
    socket.on('disconnect', () => metrics.couriersConnected.dec());
    stops.route(courierId).then(
      (route) => socket.emit('route:updated', route),
      (err: unknown) => log.error({ err, courierId }, 'could not send the route on connect'),
    );

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

    const visit =
      (outcome: 'arrived' | 'delivered' | 'failed') => (payload: unknown, ack: unknown) => {
        const reply = typeof ack === 'function' ? (ack as (res: Ack) => void) : () => {};
        const parsed = StopVisit.parse(payload);
        if (!parsed.ok) return reply({ ok: false, error: parsed.error });
        const { stopId, t, reason } = parsed.value;
        const at = new Date(
          t !== undefined && t <= Date.now() + PING_LIMITS.maxFutureMs ? t : Date.now(),
        );
        stops.recordVisit(courierId, stopId, outcome, at, reason).then(
          () => reply({ ok: true }),
          (err: unknown) => {
            if (err instanceof DomainError) return reply({ ok: false, error: err.toWire() });
            log.error({ err, courierId, stopId }, 'recording a stop visit failed');
            reply({
              ok: false,
              error: { code: 'unavailable', message: 'could not record the visit; try again' },
            });
          },
        );
      };
    socket.on('stop:arrived', visit('arrived'));
    socket.on('stop:delivered', visit('delivered'));
    socket.on('stop:failed', visit('failed'));

    socket.on('status', (payload, ack) => {
      const reply = typeof ack === 'function' ? ack : () => {};
      const status = (payload as { status?: unknown } | null)?.status;
      if (typeof status !== 'string' || !(COURIER_STATUSES as readonly string[]).includes(status)) {
        return reply({
          ok: false,
          error: {
            code: 'invalid',
            message: `status must be one of ${COURIER_STATUSES.join(', ')}`,
          },
        });
      }
      fleet.setStatus(courierId, status as (typeof COURIER_STATUSES)[number]);
      couriers.setStatus(courierId, status as (typeof COURIER_STATUSES)[number]).then(
        () => reply({ ok: true }),
        () =>
          reply({
            ok: false,
            error: { code: 'unavailable', message: 'could not store the status; try again' },
          }),
      );
    });
  });

  bus.on('credentials:changed', (courierId) =>
    nsp.in(courierRoom(courierId)).disconnectSockets(true),
  );
  bus.on('routes:changed', (courierIds) => {
    for (const id of courierIds) {
      stops.route(id).then(
        (route) => nsp.to(courierRoom(id)).emit('route:updated', route),
        (err: unknown) => log.error({ err, courierId: id }, 'could not push the route'),
      );
    }
  });
  return nsp;
}
